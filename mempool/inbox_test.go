package mempool

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"fmt"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/simchain"
)

// TestIntegrationBatchOnSimulatedChain posts shared batches to a real RollupInbox, once in
// calldata and once in blobs with cell proofs, and checks that what the inbox records and
// emits is what this package computes, and that a rollup node decoding the L1 data gets the
// blocks back.
func TestIntegrationBatchOnSimulatedChain(t *testing.T) {
	ctx := context.Background()
	posterA, posterB := testKey(t, 900), testKey(t, 901)
	alloc := types.GenesisAlloc{}
	ether := new(big.Int).Exp(big.NewInt(10), big.NewInt(18), nil)
	alloc[crypto.PubkeyToAddress(posterA.PublicKey)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(100), ether)}
	alloc[crypto.PubkeyToAddress(posterB.PublicKey)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(100), ether)}
	sim := simulated.NewBackend(alloc)
	t.Cleanup(func() { _ = sim.Close() })
	client := sim.Client()
	chainID, err := client.ChainID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	signer := types.LatestSignerForChainID(chainID)

	// Slot = seconds since 0: every block is its own slot.
	parsed, err := bindings.RollupInboxMetaData.GetAbi()
	if err != nil {
		t.Fatal(err)
	}
	deploy, err := parsed.Pack("", big.NewInt(0), big.NewInt(1))
	if err != nil {
		t.Fatal(err)
	}
	code := append(common.FromHex(bindings.RollupInboxMetaData.Bin), deploy...)
	send := func(tx *types.Transaction) *types.Receipt {
		t.Helper()
		if err := client.SendTransaction(ctx, tx); err != nil {
			t.Fatalf("send: %v", err)
		}
		r, err := simchain.Mine(ctx, sim, client, tx.Hash())
		if err != nil {
			t.Fatal(err)
		}
		if r.Status != types.ReceiptStatusSuccessful {
			t.Fatalf("tx %s failed", tx.Hash())
		}
		return r
	}
	nonces := map[common.Address]uint64{}
	dyn := func(k *ecdsa.PrivateKey, to *common.Address, data []byte) *types.Transaction {
		from := crypto.PubkeyToAddress(k.PublicKey)
		tx := types.MustSignNewTx(k, signer, &types.DynamicFeeTx{ChainID: chainID, Nonce: nonces[from], GasTipCap: gwei(1), GasFeeCap: gwei(100), Gas: 3_000_000, To: to, Data: data})
		nonces[from]++
		return tx
	}
	r := send(dyn(posterA, nil, code))
	inboxAddr := r.ContractAddress
	inbox, err := bindings.NewRollupInbox(inboxAddr, client)
	if err != nil {
		t.Fatal(err)
	}
	blocks := testBlocks(t, 2, 30)
	for _, b := range blocks {
		data, _ := parsed.Pack("registerRollup", b.ChainID, []byte("cfg"))
		send(dyn(posterA, &inboxAddr, data))
	}
	headers := []Header{blocks[0].Header(common.Hash{1}), blocks[1].Header(common.Hash{2})}
	var onchain []bindings.RollupInboxBlockHeader
	for _, h := range headers {
		onchain = append(onchain, bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash})
	}
	env, err := EncodeBatch(blocks)
	if err != nil {
		t.Fatal(err)
	}

	check := func(name string, poster common.Address, rcpt *types.Receipt, wantData common.Hash) {
		t.Helper()
		blk, err := client.HeaderByNumber(ctx, rcpt.BlockNumber)
		if err != nil {
			t.Fatal(err)
		}
		got, err := inbox.BatchHash(&bind.CallOpts{}, blk.Time, poster)
		if err != nil {
			t.Fatal(err)
		}
		if common.Hash(got) != HeadersHash(headers) {
			t.Fatalf("%s: inbox batch hash %x, want %v", name, got, HeadersHash(headers))
		}
		n := 0
		for _, l := range rcpt.Logs {
			ev, err := inbox.ParseRollupBlock(*l)
			if err != nil {
				continue
			}
			h := headers[n]
			if ev.ChainId.Cmp(h.ChainID) != 0 || ev.TxRoot != h.TxRoot || ev.TxCount != h.TxCount || ev.ParentHash != h.ParentHash || ev.Poster != poster {
				t.Fatalf("%s: event %d differs from header", name, n)
			}
			if common.Hash(ev.DataHash) != wantData {
				t.Fatalf("%s: event data hash %x, want %v", name, ev.DataHash, wantData)
			}
			n++
		}
		if n != len(headers) {
			t.Fatalf("%s: %d RollupBlock events", name, n)
		}
	}

	// The carrier model's price of a calldata byte is the chain's: compare the gas of the
	// same call with 50 kB and 100 kB of data (the fixed part depends on the chain's rules
	// for new storage and is the same for both carriers).
	estimate := func(n int) (chain, model uint64) {
		d := make([]byte, n)
		for i := range d {
			d[i] = byte(i*7 + 1)
		}
		c, _ := parsed.Pack("proposeBatch", onchain, d)
		g, err := client.EstimateGas(ctx, ethereum.CallMsg{From: crypto.PubkeyToAddress(posterA.PublicKey), To: &inboxAddr, Data: c})
		if err != nil {
			t.Fatal(err)
		}
		return g, CalldataGas(len(onchain), d)
	}
	c50, m50 := estimate(50000)
	c100, m100 := estimate(100000)
	if chain, model := c100-c50, m100-m50; model < chain*95/100 || model > chain*105/100 {
		t.Fatalf("50 kB more calldata costs %d gas on chain, %d in the carrier model", chain, model)
	}

	// Calldata: blobs priced far above their floor make calldata the cheaper carrier.
	call, err := parsed.Pack("proposeBatch", onchain, env)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(ProposeBatchCalldata(headers, env), call) {
		t.Fatal("ProposeBatchCalldata differs from the ABI encoder")
	}
	if empty, _ := parsed.Pack("proposeBatch", onchain, []byte{}); !bytes.Equal(ProposeBatchCalldata(headers, nil), empty) {
		t.Fatal("ProposeBatchCalldata with no data differs from the ABI encoder")
	}
	head, err := client.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	sealed := &Sealed{Blocks: blocks, Headers: headers, Envelope: env}
	fromA := crypto.PubkeyToAddress(posterA.PublicKey)
	tx, carrier, err := sealed.Transaction(posterA, BatchTxParams{ChainID: chainID, Nonce: nonces[fromA], Inbox: inboxAddr, Gas: 3_000_000,
		Fees: L1Fees{BaseFee: head.BaseFee, Tip: gwei(1), BlobBaseFee: gwei(1000)}})
	if err != nil || carrier != Calldata {
		t.Fatalf("calldata batch tx: %v %v", carrier, err)
	}
	nonces[fromA]++
	rcpt := send(tx)
	check("calldata", crypto.PubkeyToAddress(posterA.PublicKey), rcpt, CalldataDataHash(env))
	args, err := parsed.Methods["proposeBatch"].Inputs.Unpack(tx.Data()[4:])
	if err != nil {
		t.Fatal(err)
	}
	decoded, err := DecodeBatch(args[1].([]byte))
	if err != nil {
		t.Fatal(err)
	}
	if err := CheckHeaders(headers, decoded); err != nil {
		t.Fatal(err)
	}

	// Blobs: at the blob fee floor they are the cheaper carrier.
	from := crypto.PubkeyToAddress(posterB.PublicKey)
	btx, carrier, err := sealed.Transaction(posterB, BatchTxParams{ChainID: chainID, Nonce: nonces[from], Inbox: inboxAddr, Gas: 3_000_000,
		Fees: L1Fees{BaseFee: head.BaseFee, Tip: gwei(1), BlobBaseFee: new(big.Int).Div(head.BaseFee, big.NewInt(16))}})
	if err != nil || carrier != Blobs {
		t.Fatalf("blob batch tx: %v %v", carrier, err)
	}
	sc := btx.BlobTxSidecar()
	if err := kzgVerify(sc); err != nil {
		t.Fatal(err)
	}
	rcpt = send(btx)
	check("blobs", from, rcpt, BlobDataHash(VersionedHashes(sc.Commitments)))
	back, err := EnvelopeFromBlobs(sc.Blobs)
	if err != nil {
		t.Fatal(err)
	}
	if decoded, err = DecodeBatch(back); err != nil {
		t.Fatal(err)
	}
	if err := CheckHeaders(headers, decoded); err != nil {
		t.Fatal(fmt.Errorf("blob batch: %w", err))
	}
}
