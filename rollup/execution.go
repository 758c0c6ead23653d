package rollup

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"math/big"
	"os"
	"slices"
	"strings"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/rpc"
)

// Errors of the execution client.
var (
	// ErrExecution is wrapped by every refusal of the execution client that is not about
	// one transaction (an invalid payload, a forkchoice it does not accept).
	ErrExecution = errors.New("execution client")
	// ErrGasLimit means the execution client built a block with another gas limit than
	// the rollup's: its --miner.gaslimit differs from the genesis gas limit.
	ErrGasLimit = errors.New("execution client built a block with the wrong gas limit (set its --miner.gaslimit to the rollup's L2 gas limit)")
)

// Execution drives one stock go-ethereum through the Engine API (forkchoice and new
// payloads, JWT-authenticated) and its testing_ namespace (testing_buildBlockV1 builds a
// payload holding exactly the given transactions, in order, on the current head).
type Execution struct {
	engine   *rpc.Client
	eth      *rpc.Client
	client   *ethclient.Client
	chainID  *big.Int
	signer   types.Signer
	gasLimit uint64

	safe, finalized common.Hash
	known           map[common.Hash]*Built // blocks built, by inputKey
	knownOrder      []common.Hash
}

// inputKey identifies a block's inputs: parent, slot, time, fee recipient and tx list.
func inputKey(parent common.Hash, in BlockInput) common.Hash {
	var s [16]byte
	binary.BigEndian.PutUint64(s[:8], in.Slot)
	binary.BigEndian.PutUint64(s[8:], in.Timestamp)
	h := crypto.NewKeccakState()
	h.Write(parent[:])
	h.Write(s[:])
	h.Write(in.FeeRecipient[:])
	for _, t := range in.Txs {
		var l [4]byte
		binary.BigEndian.PutUint32(l[:], uint32(len(t)))
		h.Write(l[:])
		h.Write(t)
	}
	var out common.Hash
	_, _ = h.Read(out[:])
	return out
}

// remember records a built block under its inputs (the last 1024).
func (x *Execution) remember(key common.Hash, b *Built) {
	if x.known == nil {
		x.known = map[common.Hash]*Built{}
	}
	if _, ok := x.known[key]; !ok {
		x.knownOrder = append(x.knownOrder, key)
	}
	x.known[key] = b
	if len(x.knownOrder) > 1024 {
		delete(x.known, x.knownOrder[0])
		x.knownOrder = x.knownOrder[1:]
	}
}

// ReadJWT reads a hex JWT secret file (as geth's --authrpc.jwtsecret writes it).
func ReadJWT(path string) ([32]byte, error) {
	var s [32]byte
	b, err := os.ReadFile(path)
	if err != nil {
		return s, err
	}
	raw, err := hexutil.Decode("0x" + strings.TrimPrefix(strings.TrimSpace(string(b)), "0x"))
	if err != nil || len(raw) != 32 {
		return s, fmt.Errorf("jwt secret %s: want 32 hex bytes", path)
	}
	copy(s[:], raw)
	return s, nil
}

// DialExecution connects to an execution client: engineURL is its Engine API (with the
// JWT secret), rpcURL its HTTP JSON-RPC with the eth and testing namespaces. It checks the
// client's chain id against chainID.
func DialExecution(ctx context.Context, engineURL string, jwt [32]byte, rpcURL string, chainID, gasLimit uint64) (*Execution, error) {
	eng, err := rpc.DialOptions(ctx, engineURL, rpc.WithHTTPAuth(node.NewJWTAuth(jwt)))
	if err != nil {
		return nil, fmt.Errorf("engine api %s: %w", engineURL, err)
	}
	eth, err := rpc.DialContext(ctx, rpcURL)
	if err != nil {
		eng.Close()
		return nil, fmt.Errorf("execution rpc %s: %w", rpcURL, err)
	}
	x := &Execution{
		engine: eng, eth: eth, client: ethclient.NewClient(eth),
		chainID: new(big.Int).SetUint64(chainID), gasLimit: gasLimit,
	}
	x.signer = types.LatestSignerForChainID(x.chainID)
	got, err := x.client.ChainID(ctx)
	if err != nil {
		x.Close()
		return nil, fmt.Errorf("execution rpc %s: %w", rpcURL, err)
	}
	if got.Cmp(x.chainID) != 0 {
		x.Close()
		return nil, fmt.Errorf("%w: chain id %s, the rollup is %d", ErrExecution, got, chainID)
	}
	return x, nil
}

// Close closes both connections.
func (x *Execution) Close() {
	x.engine.Close()
	x.eth.Close()
}

// Client is the execution client's JSON-RPC (eth namespace).
func (x *Execution) Client() *ethclient.Client { return x.client }

// Header returns the header of the block with the given hash, or of the latest block for
// the zero hash.
func (x *Execution) Header(ctx context.Context, hash common.Hash) (*types.Header, error) {
	if hash == (common.Hash{}) {
		return x.client.HeaderByNumber(ctx, nil)
	}
	return x.client.HeaderByHash(ctx, hash)
}

// Forkchoice makes head the execution client's head, with the given safe and finalized
// blocks (the zero hash for none yet); head may be an ancestor of the current head (a
// roll back) or on another branch.
func (x *Execution) Forkchoice(ctx context.Context, head, safe, finalized common.Hash) error {
	var res engine.ForkChoiceResponse
	st := engine.ForkchoiceStateV1{HeadBlockHash: head, SafeBlockHash: safe, FinalizedBlockHash: finalized}
	if err := x.engine.CallContext(ctx, &res, "engine_forkchoiceUpdatedV3", st, nil); err != nil {
		return fmt.Errorf("%w: forkchoiceUpdated to %s: %w", ErrExecution, head, err)
	}
	if res.PayloadStatus.Status != engine.VALID {
		return fmt.Errorf("%w: forkchoiceUpdated to %s: status %s", ErrExecution, head, res.PayloadStatus.Status)
	}
	x.safe, x.finalized = safe, finalized
	return nil
}

// BlockInput is what derivation (or the sequencer's stream) gives for one L2 block.
type BlockInput struct {
	Slot         uint64         // the L1 slot the block belongs to
	Timestamp    uint64         // that slot's time
	FeeRecipient common.Address // from the batch payload
	Txs          [][]byte       // the listed transactions, EIP-2718 binary, in order
}

// Skip is a listed transaction left out of the L2 block (docs/BATCH.md §6.3).
type Skip struct {
	Index  int    // position in the listed transactions
	Reason string // why it could not be included
}

// Built is an L2 block the execution client accepted and made its head.
type Built struct {
	Hash     common.Hash
	Number   uint64
	Included int // transactions in the block
	Skipped  []Skip
}

// PrevRandao is the rule for an L2 block's prevRandao: keccak256(parentHash ‖ slot as 8
// bytes big-endian). It is known before L1 includes the batch, so a preconfirmed block and
// the block derived from L1 later are the same block.
func PrevRandao(parent common.Hash, slot uint64) common.Hash {
	var s [8]byte
	binary.BigEndian.PutUint64(s[:], slot)
	return crypto.Keccak256Hash(parent[:], s[:])
}

// attributes are the payload attributes of an L2 block: timestamp = the L1 slot's time,
// prevRandao by PrevRandao, the payload's fee recipient, no withdrawals, the zero parent
// beacon block root.
func attributes(parent common.Hash, in BlockInput) engine.PayloadAttributes {
	root := common.Hash{}
	return engine.PayloadAttributes{
		Timestamp:             in.Timestamp,
		Random:                PrevRandao(parent, in.Slot),
		SuggestedFeeRecipient: in.FeeRecipient,
		Withdrawals:           []*types.Withdrawal{},
		BeaconRoot:            &root,
	}
}

// candidate is a listed transaction that passed the checks made without state.
type candidate struct {
	index int
	raw   hexutil.Bytes
}

// Prefilter applies the state-free rules of docs/BATCH.md §6.3 to the listed transactions:
// a transaction that does not decode, is a blob transaction, has another chain id (an
// unprotected legacy transaction has none) or a signature that does not recover is skipped.
func (x *Execution) prefilter(txs [][]byte) ([]candidate, []Skip) {
	var (
		cands []candidate
		skips []Skip
	)
	for i, raw := range txs {
		var tx types.Transaction
		reason := ""
		if err := tx.UnmarshalBinary(raw); err != nil {
			reason = "does not decode: " + err.Error()
		} else if tx.Type() == types.BlobTxType {
			reason = "blob transaction"
		} else if tx.ChainId().Cmp(x.chainID) != 0 {
			reason = fmt.Sprintf("chain id %s", tx.ChainId())
		} else if _, err := types.Sender(x.signer, &tx); err != nil {
			reason = "signature: " + err.Error()
		}
		if reason != "" {
			skips = append(skips, Skip{Index: i, Reason: reason})
			continue
		}
		cands = append(cands, candidate{index: i, raw: raw})
	}
	return cands, skips
}

// build asks the execution client for a payload with exactly these transactions on the
// current head. A JSON-RPC error from the client (as opposed to a transport error) is
// returned as a *buildRefusal.
func (x *Execution) build(ctx context.Context, parent common.Hash, attrs engine.PayloadAttributes, cands []candidate) (*engine.ExecutionPayloadEnvelope, error) {
	raws := make([]hexutil.Bytes, len(cands))
	for i, c := range cands {
		raws[i] = c.raw
	}
	extra := hexutil.Bytes{}
	var env engine.ExecutionPayloadEnvelope
	err := x.eth.CallContext(ctx, &env, "testing_buildBlockV1", parent, attrs, raws, extra)
	var re rpc.Error
	if errors.As(err, &re) {
		return nil, &buildRefusal{msg: re.Error()}
	}
	if err != nil {
		return nil, fmt.Errorf("testing_buildBlockV1: %w", err)
	}
	if env.ExecutionPayload == nil {
		return nil, fmt.Errorf("%w: testing_buildBlockV1 returned no payload", ErrExecution)
	}
	return &env, nil
}

// buildRefusal is the execution client's refusal to build a payload.
type buildRefusal struct{ msg string }

func (e *buildRefusal) Error() string { return "build refused: " + e.msg }

// Apply builds the L2 block of in on parent, makes it the head and returns it. The
// transactions that cannot be included at their point of execution are skipped by the rule
// of docs/BATCH.md §6.3: the client builds only whole lists (it refuses a list with one
// invalid transaction), so the first invalid transaction is found by bisecting the list's
// prefixes (a prefix builds if and only if all of its transactions are valid in order),
// skipped, and the rest built again: O(skips × log n) builds, and none for a clean list.
// A block built before from the same inputs (a preconfirmed block that L1 then confirmed)
// is not built again; it is made the head only if the head is not already a descendant.
func (x *Execution) Apply(ctx context.Context, parent common.Hash, in BlockInput) (*Built, error) {
	key := inputKey(parent, in)
	if b, ok := x.known[key]; ok {
		canon, err := x.client.HeaderByNumber(ctx, new(big.Int).SetUint64(b.Number))
		if err == nil && canon.Hash() == b.Hash {
			return b, nil // the head is the block or a descendant
		}
		if _, err := x.client.HeaderByHash(ctx, b.Hash); err == nil {
			if err := x.Forkchoice(ctx, b.Hash, x.safe, x.finalized); err != nil {
				return nil, err
			}
			return b, nil
		}
	}
	head, err := x.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("execution head: %w", err)
	}
	if head.Hash() != parent {
		if err := x.Forkchoice(ctx, parent, x.safe, x.finalized); err != nil {
			return nil, err
		}
	}
	attrs := attributes(parent, in)
	cands, skips := x.prefilter(in.Txs)
	var env *engine.ExecutionPayloadEnvelope
	for {
		env, err = x.build(ctx, parent, attrs, cands)
		var refusal *buildRefusal
		if err == nil {
			break
		}
		if !errors.As(err, &refusal) {
			return nil, err
		}
		if len(cands) == 0 {
			return nil, fmt.Errorf("%w: empty block on %s: %w", ErrExecution, parent, err)
		}
		if _, err := x.build(ctx, parent, attrs, nil); err != nil {
			return nil, fmt.Errorf("%w: empty block on %s: %w", ErrExecution, parent, err)
		}
		// Smallest k such that cands[:k] fails: cands[:0] builds, cands[:n] does not.
		lo, hi, reason := 0, len(cands), refusal.msg
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			_, err := x.build(ctx, parent, attrs, cands[:mid])
			switch {
			case err == nil:
				lo = mid
			case errors.As(err, &refusal):
				hi, reason = mid, refusal.msg
			default:
				return nil, err
			}
		}
		skips = append(skips, Skip{Index: cands[hi-1].index, Reason: reason})
		cands = append(cands[:hi-1:hi-1], cands[hi:]...)
	}
	p := env.ExecutionPayload
	if p.GasLimit != x.gasLimit {
		return nil, fmt.Errorf("%w: %d, want %d", ErrGasLimit, p.GasLimit, x.gasLimit)
	}
	requests := make([]hexutil.Bytes, len(env.Requests))
	for i, r := range env.Requests {
		requests[i] = r
	}
	var st engine.PayloadStatusV1
	if err := x.engine.CallContext(ctx, &st, "engine_newPayloadV4", p, []common.Hash{}, attrs.BeaconRoot, requests); err != nil {
		return nil, fmt.Errorf("%w: newPayload %s: %w", ErrExecution, p.BlockHash, err)
	}
	if st.Status != engine.VALID {
		reason := ""
		if st.ValidationError != nil {
			reason = *st.ValidationError
		}
		return nil, fmt.Errorf("%w: newPayload %s: %s %s", ErrExecution, p.BlockHash, st.Status, reason)
	}
	if err := x.Forkchoice(ctx, p.BlockHash, x.safe, x.finalized); err != nil {
		return nil, err
	}
	slices.SortFunc(skips, func(a, b Skip) int { return a.Index - b.Index })
	b := &Built{Hash: p.BlockHash, Number: p.Number, Included: len(p.Transactions), Skipped: skips}
	x.remember(key, b)
	return b, nil
}
