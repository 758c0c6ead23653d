package devnet

import (
	"context"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	gethrpc "github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/preconf"
)

// Demo walks a newcomer through a running devnet, printing each step with its timing: a
// wallet gets a promise for an L1 transfer and one for a transfer on each rollup, and sends
// a cross-rollup bundle; then, from the chain itself, the L1 tx is in the block of its slot,
// the shared batch opens our L1 block, both rollups' nodes show the L2 txs (preconfirmed,
// then confirmed by L1), and the bundle's legs are both in. Any promise not kept is an error.
func Demo(ctx context.Context, dataDir string, out io.Writer) error {
	st, err := ReadState(dataDir)
	if err != nil {
		return err
	}
	ep := st.Endpoints
	if ep.PreconfRPC == "" || len(st.Rollups) < 2 {
		return errors.New("demo: the devnet runs without the promise API or without two rollups")
	}
	var d bindings.Deployment
	if err := readJSONFile(filepath.Join(dataDir, ContractsFile), &d); err != nil {
		return err
	}
	start := time.Now()
	say := func(format string, args ...any) {
		fmt.Fprintf(out, "[%6.2fs] %s\n", time.Since(start).Seconds(), fmt.Sprintf(format, args...))
	}
	el, err := ethclient.DialContext(ctx, ep.ExecutionHTTP)
	if err != nil {
		return err
	}
	defer el.Close()
	sc, err := gethrpc.DialContext(ctx, ep.PreconfRPC)
	if err != nil {
		return err
	}
	defer sc.Close()
	committer, err := stateAccount(st.Accounts, "operator")
	if err != nil {
		return err
	}
	domain := preconf.Domain{ChainID: big.NewInt(int64(st.ChainID)), VerifyingContract: d.PreconfSlasher}
	slotTime := func(slot uint64) time.Time {
		return st.GenesisTime.Add(time.Duration(slot) * time.Duration(st.SlotSeconds) * time.Second)
	}
	ra, rb := st.Rollups[0], st.Rollups[1]

	// The wallet: wallet-3 on L1 and on both rollups, wallet-4 for the bundle's legs.
	w3, err := stateAccount(st.Accounts, "wallet-3")
	if err != nil {
		return err
	}
	l1Key, err := crypto.HexToECDSA(strings.TrimPrefix(w3.PrivateKey, "0x"))
	if err != nil {
		return err
	}
	l2Key, bundleKey := rollupKeyOf("wallet-3"), rollupKeyOf("wallet-4")
	type leg struct {
		r  Rollup
		tx *types.Transaction
	}
	var l2 []leg
	for _, r := range []Rollup{ra, rb} {
		tx, err := demoTransfer(ctx, r.Wallet, l2Key, r.ChainID, 0)
		if err != nil {
			return err
		}
		l2 = append(l2, leg{r, tx})
	}
	l1tx, err := demoTransfer(ctx, ep.ExecutionHTTP, l1Key, uint64(st.ChainID), 0)
	if err != nil {
		return err
	}

	// Promises: each rollup's for the next slot sealed, the L1 one for the same slot.
	promise := func(chainID uint64, tx *types.Transaction, slots []uint64) (*preconf.SignedCommitment, error) {
		raw, err := tx.MarshalBinary()
		if err != nil {
			return nil, err
		}
		var last error
		for deadline := time.Now().Add(time.Minute); time.Now().Before(deadline); {
			try := slots
			if len(try) == 0 {
				clock := uint64(time.Since(st.GenesisTime) / (time.Duration(st.SlotSeconds) * time.Second))
				try = []uint64{clock + 1, clock + 2}
			}
			for _, slot := range try {
				var p preconf.SignedCommitment
				req := map[string]any{"slot": hexutil.Uint64(slot), "chainId": hexutil.EncodeUint64(chainID), "tx": hexutil.Bytes(raw)}
				if last = sc.CallContext(ctx, &p, "preconf_requestInclusion", req); last == nil {
					signer, err := preconf.Recover(p.Commitment.Digest(domain), p.Signature)
					if err != nil || signer != committer.Address || p.Commitment.TxHash != tx.Hash() || p.Commitment.ChainID.Uint64() != chainID {
						return nil, fmt.Errorf("promise for %s does not verify: signer %s (%v), want the committer %s", tx.Hash(), signer, err, committer.Address)
					}
					return &p, nil
				}
			}
			if len(slots) > 0 {
				return nil, last
			}
			select {
			case <-ctx.Done():
				return nil, ctx.Err()
			case <-time.After(100 * time.Millisecond):
			}
		}
		return nil, fmt.Errorf("no promise for %s within a minute: %w", tx.Hash(), last)
	}
	var l2p []*preconf.SignedCommitment
	for _, g := range l2 {
		p, err := promise(g.r.ChainID, g.tx, nil)
		if err != nil {
			return fmt.Errorf("rollup %d: %w", g.r.ChainID, err)
		}
		l2p = append(l2p, p)
		say("promise: rollup %d tx %s in its block of slot %d (penalty %v wei), signed by the committer %s", g.r.ChainID, short(g.tx.Hash()), p.Commitment.Slot, p.Commitment.Penalty, committer.Address.Hex()[:10]+"…")
	}
	l1p, err := promise(uint64(st.ChainID), l1tx, []uint64{l2p[0].Commitment.Slot, l2p[0].Commitment.Slot + 1, l2p[0].Commitment.Slot + 2})
	if err != nil {
		return fmt.Errorf("L1: %w", err)
	}
	say("promise: L1 tx %s in the block of slot %d (penalty %v wei)", short(l1tx.Hash()), l1p.Commitment.Slot, l1p.Commitment.Penalty)

	// A cross-rollup bundle: both legs in one shared batch, or neither.
	var legs []leg
	var legJSON []any
	for _, r := range []Rollup{ra, rb} {
		tx, err := demoTransfer(ctx, r.Wallet, bundleKey, r.ChainID, 1)
		if err != nil {
			return err
		}
		raw, _ := tx.MarshalBinary()
		legs = append(legs, leg{r, tx})
		legJSON = append(legJSON, map[string]any{"chainId": hexutil.EncodeUint64(r.ChainID), "tx": hexutil.Bytes(raw)})
	}
	bc, err := gethrpc.DialContext(ctx, ra.Wallet)
	if err != nil {
		return err
	}
	defer bc.Close()
	var bundleHash common.Hash
	if err := bc.CallContext(ctx, &bundleHash, "rollup_sendBundle", map[string]any{"legs": legJSON}); err != nil {
		return fmt.Errorf("rollup_sendBundle: %w", err)
	}
	say("bundle %s: a leg on rollup %d and one on rollup %d", short(bundleHash), ra.ChainID, rb.ChainID)

	// The rollups' nodes first: with the sidecar's stream they have the sealed blocks at the
	// deadline, before L1 has the batch (preconfirmed: their "latest").
	all := append(l2, legs...)
	heads := make([]*types.Header, len(all))
	for i, g := range all {
		h, err := waitFor(ctx, time.Minute, func() (*types.Header, error) { return headerOn(ctx, g.r.NodeRPC, g.tx.Hash()) })
		if err != nil {
			return fmt.Errorf("rollup %d tx %s: %w", g.r.ChainID, g.tx.Hash(), err)
		}
		heads[i] = h
		what := "bundle leg"
		if i < len(l2) {
			what = "promised tx"
			if want := slotTime(l2p[i].Commitment.Slot); h.Time != uint64(want.Unix()) {
				return fmt.Errorf("promise broken: rollup %d tx %s in the L2 block of time %d, the slot's is %d", g.r.ChainID, g.tx.Hash(), h.Time, want.Unix())
			}
		}
		when := time.Until(time.Unix(int64(h.Time), 0))
		rel := fmt.Sprintf("%s before its slot started (preconfirmed)", when.Round(time.Millisecond))
		if when < 0 {
			rel = fmt.Sprintf("%s after its slot started", (-when).Round(time.Millisecond))
		}
		say("rollup %d: %s in L2 block %d on its node, seen %s", g.r.ChainID, what, h.Number, rel)
	}
	if heads[len(l2)].Time != heads[len(l2)+1].Time {
		return fmt.Errorf("bundle %s split across slots (L2 times %d and %d)", bundleHash, heads[len(l2)].Time, heads[len(l2)+1].Time)
	}
	say("bundle %s: both legs in the blocks of the same slot", short(bundleHash))

	// The L1 slot: the L1 tx in its block.
	rc, err := waitFor(ctx, time.Minute, func() (*types.Receipt, error) { return el.TransactionReceipt(ctx, l1tx.Hash()) })
	if err != nil {
		return fmt.Errorf("L1 tx %s: %w", l1tx.Hash(), err)
	}
	b, err := el.BlockByNumber(ctx, rc.BlockNumber)
	if err != nil {
		return err
	}
	if want := slotTime(l1p.Commitment.Slot); b.Time() != uint64(want.Unix()) {
		return fmt.Errorf("promise broken: L1 tx %s in block %d of time %d, the slot's is %d", l1tx.Hash(), b.NumberU64(), b.Time(), want.Unix())
	}
	say("kept: L1 tx in block %d of slot %d at position %d", b.NumberU64(), l1p.Commitment.Slot, rc.TransactionIndex)

	// Then L1 confirms each rollup block: the batch first in our block, the nodes' safe head.
	reported := map[string]bool{}
	for i, g := range all {
		h := heads[i]
		if key := fmt.Sprint(g.r.ChainID, "/", h.Number); reported[key] {
			continue // a bundle leg in a block already confirmed above
		} else {
			reported[key] = true
		}
		node, err := ethclient.DialContext(ctx, g.r.NodeRPC)
		if err != nil {
			return err
		}
		_, err = waitFor(ctx, time.Minute, func() (*types.Header, error) {
			s, err := node.HeaderByNumber(ctx, big.NewInt(int64(gethrpc.SafeBlockNumber)))
			if err == nil && s.Number.Cmp(h.Number) < 0 {
				return nil, errors.New("not yet")
			}
			return s, err
		})
		node.Close()
		if err != nil {
			return fmt.Errorf("rollup %d block %d not confirmed by L1: %w", g.r.ChainID, h.Number, err)
		}
		l1b, err := blockOfTime(ctx, el, h.Time)
		if err != nil || l1b == nil || len(l1b.Transactions()) == 0 {
			return fmt.Errorf("rollup %d block %d: no L1 block of its slot (%v)", g.r.ChainID, h.Number, err)
		}
		first := l1b.Transactions()[0]
		from, _ := types.LatestSignerForChainID(first.ChainId()).Sender(first)
		if from != committer.Address || first.To() == nil || *first.To() != d.RollupInbox {
			return fmt.Errorf("rollup %d block %d: L1 block %d does not open with the committer's batch", g.r.ChainID, h.Number, l1b.NumberU64())
		}
		say("rollup %d: L2 block %d confirmed by L1 (the committer's batch %s opens L1 block %d)", g.r.ChainID, h.Number, short(first.Hash()), l1b.NumberU64())
	}
	say("done: every promise kept, checked on the chains")
	return nil
}

func readJSONFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return json.Unmarshal(b, v)
}

func stateAccount(accts []Account, role string) (Account, error) {
	for _, a := range accts {
		if a.Role == role {
			return a, nil
		}
	}
	return Account{}, fmt.Errorf("devnet: no %s account", role)
}

// rollupKeyOf is the fixed key of a rollup account role (RollupAccounts).
func rollupKeyOf(role string) *ecdsa.PrivateKey {
	for _, a := range RollupAccounts() {
		if a.Role == role {
			return a.Key()
		}
	}
	return nil
}

// demoTransfer signs a transfer of 1 wei + extra on chainID at the key's pending nonce on url.
func demoTransfer(ctx context.Context, url string, key *ecdsa.PrivateKey, chainID uint64, extra int64) (*types.Transaction, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	nonce, err := c.PendingNonceAt(ctx, crypto.PubkeyToAddress(key.PublicKey))
	if err != nil {
		return nil, fmt.Errorf("nonce on %s: %w", url, err)
	}
	id := new(big.Int).SetUint64(chainID)
	to := common.Address{0xde, 0x70}
	return types.SignNewTx(key, types.LatestSignerForChainID(id), &types.DynamicFeeTx{ChainID: id, Nonce: nonce, To: &to,
		Value: big.NewInt(1 + extra), Gas: 21000, GasTipCap: big.NewInt(2e9), GasFeeCap: big.NewInt(200e9)})
}

// waitFor calls fn every 50 ms until it succeeds or timeout passes.
func waitFor[T any](ctx context.Context, timeout time.Duration, fn func() (T, error)) (T, error) {
	deadline := time.Now().Add(timeout)
	for {
		v, err := fn()
		if err == nil {
			return v, nil
		}
		if time.Now().After(deadline) {
			return v, err
		}
		select {
		case <-ctx.Done():
			return v, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// blockOfTime returns the L1 block with timestamp ts, if any.
func blockOfTime(ctx context.Context, el *ethclient.Client, ts uint64) (*types.Block, error) {
	h, err := el.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, err
	}
	for n := h.Number.Uint64(); ; n-- {
		b, err := el.BlockByNumber(ctx, new(big.Int).SetUint64(n))
		if err != nil {
			return nil, err
		}
		if b.Time() == ts {
			return b, nil
		}
		if b.Time() < ts || n == 0 {
			return nil, nil
		}
	}
}

func headerOn(ctx context.Context, url string, tx common.Hash) (*types.Header, error) {
	c, err := ethclient.DialContext(ctx, url)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	rc, err := c.TransactionReceipt(ctx, tx)
	if err != nil {
		return nil, err
	}
	return c.HeaderByNumber(ctx, rc.BlockNumber)
}

func short(h common.Hash) string { return h.Hex()[:10] + "…" }
