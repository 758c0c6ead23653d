package localblock

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/consensus/misc/eip1559"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
)

// Caller is a JSON-RPC client (go-ethereum's *rpc.Client is one).
type Caller interface {
	CallContext(ctx context.Context, result any, method string, args ...any) error
	BatchCallContext(ctx context.Context, b []rpc.BatchElem) error
}

// Constraint is one transaction that must open the block, in order.
type Constraint struct {
	TxHash common.Hash
	// Raw is the transaction in network form (blob transactions with their sidecar).
	Raw []byte
	// Void, when set, says why the constraint no longer binds; it is left out.
	Void string
	// Batch marks the shared batch's proposeBatch transaction (sidecar/sequencer).
	Batch bool
}

// Constraints lists the constraints of a slot in block order.
type Constraints interface {
	Constraints(slot uint64) []Constraint
}

// Attributes say what to build on and for whom.
type Attributes struct {
	Slot             uint64
	ParentHash       common.Hash
	Timestamp        uint64
	PrevRandao       common.Hash
	Withdrawals      []*types.Withdrawal
	ParentBeaconRoot common.Hash
	FeeRecipient     common.Address
	// GasLimit is the validator's registered gas limit (the target).
	GasLimit uint64
	// BeaconFeeRecipient is the fee recipient the beacon node builds its own
	// block for (its payload attributes'), which names that payload.
	BeaconFeeRecipient common.Address
}

// LeftOut is a constraint that is not in the block, and why.
type LeftOut struct {
	TxHash common.Hash
	Reason string
}

// Block is one built payload that the execution client found VALID.
type Block struct {
	Attrs    Attributes
	Payload  *engine.ExecutableData
	Blobs    *engine.BlobsBundle
	Requests [][]byte
	// VersionedHashes are the blob hashes of the payload's transactions, in order.
	VersionedHashes []common.Hash
	// Value is what the fee recipient receives (the priority fees).
	Value *big.Int
	// Constraints is how many transactions at the top are constraints.
	Constraints int
	LeftOut     []LeftOut
	// Versus is how the block stood against the beacon node's own (with a Payer).
	Versus Versus
	// Took is the time from the start of the build to VALID.
	Took   time.Duration
	Phases Phases
}

// Phases are the parts of a build's time.
type Phases struct {
	Pool       time.Duration // txpool_content, or the transactions new since a snapshot
	Snapshot   bool          // the pool came from a snapshot read ahead (Prefetch)
	Build      time.Duration // testing_buildBlockV1 (with simulations when a build failed)
	NewPayload time.Duration // engine_newPayloadV4
}

// ErrParentNotHead is wrapped when the parent to build on is not the execution client's head.
var ErrParentNotHead = errors.New("localblock: parent is not the execution head")

// ErrInvalid is wrapped when the execution client does not accept our payload.
var ErrInvalid = errors.New("localblock: payload not valid")

// Builder builds our block on an execution client.
type Builder struct {
	eth    Caller // eth_*, txpool_*, testing_*
	engine Caller // engine_* (JWT)
	cons   Constraints
	extra  []byte
	log    *slog.Logger
	m      *metrics
	// maxDrops bounds the transactions a build leaves out after simulation.
	maxDrops int
	// maxBlobs is the chain's blob limit per block at a slot; nil or 0: the
	// pool's blob transactions are left out.
	maxBlobs func(slot uint64) int
	// payer, when set, tops our block up over the beacon node's own.
	payer *Payer
	// snaps is the pool read ahead of the next build (Prefetch).
	snaps snapshots
	// later, when set, says which nonces promises for later slots hold.
	later LaterPromises
}

// LaterPromises is what the builder needs to know of promises for slots after
// the one it builds: per sender, the lowest promised nonce (preconf.Engine).
type LaterPromises interface {
	LaterNonces(slot uint64) map[common.Address]uint64
}

// KeepLater keeps the pool's transactions that would spend a nonce promised
// for a later slot out of our blocks: such a promise would otherwise be
// broken by our own block of an earlier slot.
func (b *Builder) KeepLater(later LaterPromises) { b.later = later }

// FillBlobs lets the pool's blob transactions into our blocks, up to
// maxBlobs(slot) blobs per block with the constraints' own; their blobs and
// cell proofs come from the execution client's blob pool.
func (b *Builder) FillBlobs(maxBlobs func(slot uint64) int) { b.maxBlobs = maxBlobs }

// NewBuilder returns a builder using eth for the public API, engine for the
// Engine API, cons for the constraints and extra as the block's extra data.
func NewBuilder(eth, engine Caller, cons Constraints, extra []byte, reg prometheus.Registerer, log *slog.Logger) *Builder {
	return &Builder{eth: eth, engine: engine, cons: cons, extra: extra, log: log, m: newMetrics(reg), maxDrops: 64}
}

// candidate is one transaction of the list to build.
type candidate struct {
	tx         *types.Transaction
	raw        []byte
	from       common.Address
	constraint bool
}

// Build prepares, builds and validates the block for a.
func (b *Builder) Build(ctx context.Context, a Attributes) (*Block, error) {
	start := time.Now()
	blk, err := b.build(ctx, a)
	took := time.Since(start)
	if err != nil {
		b.m.builds.WithLabelValues("error").Inc()
		return nil, err
	}
	blk.Took = took
	b.m.builds.WithLabelValues("valid").Inc()
	b.m.seconds.Observe(took.Seconds())
	for _, l := range blk.LeftOut {
		b.log.Warn("promised transaction left out of our block", "slot", a.Slot, "tx", l.TxHash, "reason", l.Reason)
	}
	b.log.Info("our block", "slot", a.Slot, "number", blk.Payload.Number, "hash", blk.Payload.BlockHash, "parent", a.ParentHash,
		"txs", len(blk.Payload.Transactions), "constraints", blk.Constraints, "left_out", len(blk.LeftOut), "value", blk.Value, "took", took,
		"pool", blk.Phases.Pool, "pool_snapshot", blk.Phases.Snapshot, "build", blk.Phases.Build, "new_payload", blk.Phases.NewPayload,
		"versus_local", blk.Versus.Outcome, "local_value", blk.Versus.Local, "paid", blk.Versus.Paid)
	return blk, nil
}

func (b *Builder) build(ctx context.Context, a Attributes) (*Block, error) {
	parent, err := b.header(ctx, a.ParentHash)
	if err != nil {
		return nil, err
	}
	if err := b.isHead(ctx, a.ParentHash); err != nil {
		return nil, err
	}
	baseFee := nextBaseFee(parent)
	gasLimit := calcGasLimit(parent.GasLimit, a.GasLimit)
	fillGas := gasLimit
	var local *big.Int
	var lerr error
	if b.payer != nil {
		// Frozen before our pool read, the beacon node's block holds no tx that ours could not have seen.
		local, lerr = b.localValue(ctx, a)
		fillGas -= min(fillGas, payGas)
	}

	var left []LeftOut
	cands, left := b.constraints(a.Slot, left)
	t0 := time.Now()
	var ph Phases
	pool := b.fromSnapshot(ctx, a.ParentHash)
	ph.Snapshot = pool != nil
	if pool == nil {
		if pool, err = b.content(ctx); err != nil {
			return nil, err
		}
		b.m.poolReads.WithLabelValues("full").Inc()
	} else {
		b.m.poolReads.WithLabelValues("snapshot").Inc()
	}
	if b.maxBlobs != nil {
		b.pendingBlobTxs(ctx, pool)
	}
	ph.Pool = time.Since(t0)
	delete(pool, b.payerAddress()) // the payment takes the payer's next nonce
	var later map[common.Address]uint64
	if b.later != nil {
		later = b.later.LaterNonces(a.Slot)
	}
	cands = append(cands, fill(cands, pool, later, baseFee, fillGas, b.blobRoom(ctx, a.Slot, cands))...)
	cands = b.withSidecars(ctx, cands)

	t0 = time.Now()
	env, err := b.buildBlock(ctx, a, cands)
	if err != nil {
		// Some transaction is invalid: find them by simulation, then build once more.
		b.m.simulations.Inc()
		var dropped []LeftOut
		cands, dropped, err = b.prune(ctx, a, parent, gasLimit, cands)
		if err != nil {
			return nil, err
		}
		left = append(left, dropped...)
		if env, err = b.buildBlock(ctx, a, cands); err != nil {
			return nil, fmt.Errorf("localblock: build after simulation: %w", err)
		}
	}
	var vs Versus
	if b.payer != nil {
		env, cands, vs = b.outbid(ctx, a, baseFee, cands, env, local, lerr)
		b.m.versus.WithLabelValues(vs.Outcome).Inc()
		if vs.Paid.Sign() > 0 {
			f, _ := new(big.Float).SetInt(vs.Paid).Float64()
			b.m.paid.Add(f)
		}
	}
	ph.Build = time.Since(t0)
	p := env.ExecutionPayload
	n := 0
	for _, c := range cands {
		if c.constraint {
			n++
		}
	}
	if len(p.Transactions) < n {
		return nil, fmt.Errorf("%w: %d constraints, %d transactions", ErrInvalid, n, len(p.Transactions))
	}
	var hashes []common.Hash
	for i, raw := range p.Transactions {
		var tx types.Transaction
		if err := tx.UnmarshalBinary(raw); err != nil {
			return nil, fmt.Errorf("%w: transaction %d: %w", ErrInvalid, i, err)
		}
		if i < n && tx.Hash() != cands[i].tx.Hash() {
			return nil, fmt.Errorf("%w: transaction %d is %s, want constraint %s", ErrInvalid, i, tx.Hash(), cands[i].tx.Hash())
		}
		hashes = append(hashes, tx.BlobHashes()...)
	}
	reqs := make([]hexutil.Bytes, len(env.Requests))
	for i, r := range env.Requests {
		reqs[i] = r
	}
	t0 = time.Now()
	var st engine.PayloadStatusV1
	beaconRoot := a.ParentBeaconRoot
	if err := b.engine.CallContext(ctx, &st, "engine_newPayloadV4", p, nonNil(hashes), &beaconRoot, reqs); err != nil {
		return nil, fmt.Errorf("localblock: engine_newPayloadV4: %w", err)
	}
	if st.Status != engine.VALID {
		reason := ""
		if st.ValidationError != nil {
			reason = *st.ValidationError
		}
		return nil, fmt.Errorf("%w: engine_newPayloadV4: %s %s", ErrInvalid, st.Status, reason)
	}
	ph.NewPayload = time.Since(t0)
	for _, l := range left {
		b.m.leftOut.WithLabelValues(reasonLabel(l.Reason)).Inc()
	}
	value := new(big.Int)
	if env.BlockValue != nil {
		value.Set(env.BlockValue)
	}
	if vs.Paid != nil {
		value.Add(value, vs.Paid) // the payment reaches the fee recipient too
	}
	return &Block{Attrs: a, Payload: p, Blobs: env.BlobsBundle, Requests: env.Requests, VersionedHashes: hashes, Value: value, Constraints: n, LeftOut: left, Versus: vs, Phases: ph}, nil
}

func nonNil(h []common.Hash) []common.Hash {
	if h == nil {
		return []common.Hash{}
	}
	return h
}

// blobRoom is the blob room our block leaves the pool at slot after the
// constraints' blobs, at the execution client's next blob base fee.
func (b *Builder) blobRoom(ctx context.Context, slot uint64, cons []candidate) blobRoom {
	if b.maxBlobs == nil {
		return blobRoom{}
	}
	left := b.maxBlobs(slot)
	for _, c := range cons {
		left -= len(c.tx.BlobHashes())
	}
	if left <= 0 {
		return blobRoom{}
	}
	var fee hexutil.Big
	if err := b.eth.CallContext(ctx, &fee, "eth_blobBaseFee"); err != nil {
		b.log.Warn("no blob transactions from the pool: eth_blobBaseFee", "slot", slot, "err", err)
		return blobRoom{}
	}
	return blobRoom{left: left, fee: fee.ToInt()}
}

// withSidecars gives the pool's blob transactions among cands their blobs
// and cell proofs (the network form the execution client's pool holds); one
// the client cannot give in that form goes, with its sender's later ones.
func (b *Builder) withSidecars(ctx context.Context, cands []candidate) []candidate {
	out := cands[:0]
	gone := map[common.Address]bool{}
	for _, c := range cands {
		if !c.constraint && gone[c.from] {
			continue
		}
		if !c.constraint && c.tx.Type() == types.BlobTxType && c.tx.BlobTxSidecar() == nil {
			full, raw, err := b.pooledBlobTx(ctx, c.tx.Hash())
			if err != nil {
				b.log.Debug("pool blob transaction left out", "tx", c.tx.Hash(), "err", err)
				gone[c.from] = true
				continue
			}
			c.tx, c.raw = full, raw
		}
		out = append(out, c)
	}
	return out
}

// pooledBlobTx reads a blob transaction with its sidecar from the execution
// client's pool; it must carry cell proofs (the Fulu form blocks need).
func (b *Builder) pooledBlobTx(ctx context.Context, h common.Hash) (*types.Transaction, []byte, error) {
	var raw hexutil.Bytes
	if err := b.eth.CallContext(ctx, &raw, "eth_getRawTransactionByHash", h); err != nil {
		return nil, nil, fmt.Errorf("eth_getRawTransactionByHash: %w", err)
	}
	var tx types.Transaction
	if err := tx.UnmarshalBinary(raw); err != nil {
		return nil, nil, fmt.Errorf("decode: %w", err)
	}
	sc := tx.BlobTxSidecar()
	switch {
	case tx.Hash() != h:
		return nil, nil, fmt.Errorf("the client returned tx %s", tx.Hash())
	case sc == nil:
		return nil, nil, errors.New("no blobs with it")
	case sc.Version != types.BlobSidecarVersion1:
		return nil, nil, fmt.Errorf("sidecar version %d, not cell proofs", sc.Version)
	}
	return &tx, raw, nil
}

// header reads the header of the block with hash h.
func (b *Builder) header(ctx context.Context, h common.Hash) (*types.Header, error) {
	var hd *types.Header
	if err := b.eth.CallContext(ctx, &hd, "eth_getBlockByHash", h, false); err != nil {
		return nil, fmt.Errorf("localblock: parent %s: %w", h, err)
	}
	if hd == nil {
		return nil, fmt.Errorf("%w: parent %s unknown to the execution client", ErrParentNotHead, h)
	}
	return hd, nil
}

// londonConfig is enough chain config for the base fee formula, which is the
// same on every fork from London on.
var londonConfig = &params.ChainConfig{ChainID: big.NewInt(1), LondonBlock: big.NewInt(0)}

// nextBaseFee is the base fee of parent's child.
func nextBaseFee(parent *types.Header) *big.Int {
	return eip1559.CalcBaseFee(londonConfig, parent)
}

// calcGasLimit is the gas limit of the child of a block of parent gas limit,
// moving toward target by at most the protocol's bound (as every client does).
func calcGasLimit(parent, target uint64) uint64 {
	delta := parent/params.GasLimitBoundDivisor - 1
	target = max(target, params.MinGasLimit)
	switch {
	case parent < target:
		return min(parent+delta, target)
	case parent > target:
		return max(parent-delta, target)
	}
	return parent
}

// constraints decodes the slot's constraints, leaving out the void ones.
func (b *Builder) constraints(slot uint64, left []LeftOut) ([]candidate, []LeftOut) {
	var out []candidate
	for _, c := range b.cons.Constraints(slot) {
		if c.Void != "" {
			left = append(left, LeftOut{TxHash: c.TxHash, Reason: "void: " + c.Void})
			continue
		}
		tx := new(types.Transaction)
		if err := tx.UnmarshalBinary(c.Raw); err != nil {
			left = append(left, LeftOut{TxHash: c.TxHash, Reason: "undecodable: " + err.Error()})
			continue
		}
		raw := c.Raw
		if sc := tx.BlobTxSidecar(); sc != nil && sc.Version == types.BlobSidecarVersion0 {
			// Fulu blocks carry cell proofs.
			sc = sc.Copy()
			if err := sc.ToV1(); err != nil {
				left = append(left, LeftOut{TxHash: c.TxHash, Reason: "cell proofs: " + err.Error()})
				continue
			}
			tx = tx.WithBlobTxSidecar(sc)
			var err error
			if raw, err = tx.MarshalBinary(); err != nil {
				left = append(left, LeftOut{TxHash: c.TxHash, Reason: "encode: " + err.Error()})
				continue
			}
		}
		from, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx)
		if err != nil {
			left = append(left, LeftOut{TxHash: c.TxHash, Reason: "sender: " + err.Error()})
			continue
		}
		out = append(out, candidate{tx: tx, raw: raw, from: from, constraint: true})
	}
	return out, left
}

// isHead checks that parent is the execution client's head.
func (b *Builder) isHead(ctx context.Context, parent common.Hash) error {
	var head struct {
		Hash common.Hash `json:"hash"`
	}
	if err := b.eth.CallContext(ctx, &head, "eth_getBlockByNumber", "latest", false); err != nil {
		return fmt.Errorf("localblock: head: %w", err)
	}
	if head.Hash != parent {
		return fmt.Errorf("%w: parent %s, head %s", ErrParentNotHead, parent, head.Hash)
	}
	return nil
}

// content reads the execution client's pending transactions by sender
// (txpool_content: not the blob pool's).
func (b *Builder) content(ctx context.Context) (map[common.Address][]*types.Transaction, error) {
	var content struct {
		Pending map[common.Address]map[string]*types.Transaction `json:"pending"`
	}
	if err := b.eth.CallContext(ctx, &content, "txpool_content"); err != nil {
		return nil, fmt.Errorf("localblock: txpool_content: %w", err)
	}
	out := make(map[common.Address][]*types.Transaction, len(content.Pending))
	for from, byNonce := range content.Pending {
		txs := make([]*types.Transaction, 0, len(byNonce))
		for _, tx := range byNonce {
			if tx != nil {
				txs = append(txs, tx)
			}
		}
		out[from] = txs
	}
	return out, nil
}

// maxPendingBlobTxs bounds the blob transactions read per build.
const maxPendingBlobTxs = 32

// pendingBlobTxs adds the execution client's pending blob transactions, with
// their sidecars, to pool. geth's txpool_content leaves its blob pool out; its
// pending block holds the blob transactions it would include itself, and
// eth_getRawTransactionByHash gives each in network form.
func (b *Builder) pendingBlobTxs(ctx context.Context, pool map[common.Address][]*types.Transaction) {
	var pending struct {
		Transactions []common.Hash `json:"transactions"`
	}
	if err := b.eth.CallContext(ctx, &pending, "eth_getBlockByNumber", "pending", false); err != nil {
		b.log.Warn("no blob transactions from the pool: pending block", "err", err)
		return
	}
	known := map[common.Hash]bool{}
	for _, txs := range pool {
		for _, tx := range txs {
			known[tx.Hash()] = true
		}
	}
	n := 0
	for _, h := range pending.Transactions {
		if known[h] || n == maxPendingBlobTxs {
			continue
		}
		n++
		tx, _, err := b.pooledBlobTx(ctx, h)
		if err != nil {
			continue // not a blob tx, or not in the Fulu form
		}
		from, err := types.Sender(types.LatestSignerForChainID(tx.ChainId()), tx)
		if err != nil {
			continue
		}
		pool[from] = append(pool[from], tx)
	}
}

// buildBlock builds exactly cands with testing_buildBlockV1.
func (b *Builder) buildBlock(ctx context.Context, a Attributes, cands []candidate) (*engine.ExecutionPayloadEnvelope, error) {
	raws := make([]hexutil.Bytes, len(cands))
	for i, c := range cands {
		raws[i] = c.raw
	}
	beaconRoot := a.ParentBeaconRoot
	withdrawals := a.Withdrawals
	if withdrawals == nil {
		withdrawals = []*types.Withdrawal{}
	}
	attrs := engine.PayloadAttributes{
		Timestamp: a.Timestamp, Random: a.PrevRandao, SuggestedFeeRecipient: a.FeeRecipient,
		Withdrawals: withdrawals, BeaconRoot: &beaconRoot,
	}
	extra := hexutil.Bytes(b.extra)
	var env engine.ExecutionPayloadEnvelope
	if err := b.eth.CallContext(ctx, &env, "testing_buildBlockV1", a.ParentHash, attrs, raws, extra); err != nil {
		return nil, fmt.Errorf("localblock: testing_buildBlockV1: %w", err)
	}
	if env.ExecutionPayload == nil {
		return nil, fmt.Errorf("localblock: testing_buildBlockV1: no payload")
	}
	return &env, nil
}

// prune leaves out the transactions of cands that eth_simulateV1 finds
// invalid: the first invalid one is found by bisection on prefixes, left
// out, and the simulation repeated until the whole list passes.
func (b *Builder) prune(ctx context.Context, a Attributes, parent *types.Header, gasLimit uint64, cands []candidate) ([]candidate, []LeftOut, error) {
	var left []LeftOut
	for drops := 0; ; drops++ {
		code, err := b.simulate(ctx, a, parent, gasLimit, cands)
		if err != nil {
			return nil, nil, err
		}
		if code == 0 {
			return cands, left, nil
		}
		if drops == b.maxDrops {
			return nil, nil, fmt.Errorf("localblock: more than %d invalid transactions", b.maxDrops)
		}
		// Longest valid prefix: [0, lo) passes, [0, hi) fails.
		lo, hi, badCode := 0, len(cands), code
		for hi-lo > 1 {
			mid := (lo + hi) / 2
			c, err := b.simulate(ctx, a, parent, gasLimit, cands[:mid])
			if err != nil {
				return nil, nil, err
			}
			if c == 0 {
				lo = mid
			} else {
				hi, badCode = mid, c
			}
		}
		bad := cands[lo]
		b.m.simulatedOut.Inc()
		if bad.constraint {
			left = append(left, LeftOut{TxHash: bad.tx.Hash(), Reason: fmt.Sprintf("invalid on the parent state (eth_simulateV1 code %d)", badCode)})
		}
		cands = append(cands[:lo:lo], cands[lo+1:]...)
	}
}

// simulate runs cands as one block on parent with validation; it returns 0
// when every call is valid, else the JSON-RPC error code of the simulation.
func (b *Builder) simulate(ctx context.Context, a Attributes, parent *types.Header, gasLimit uint64, cands []candidate) (int, error) {
	calls := make([]map[string]any, len(cands))
	for i, c := range cands {
		calls[i] = callArgs(c)
	}
	number := new(big.Int).Add(parent.Number, big.NewInt(1))
	opts := map[string]any{
		"blockStateCalls": []map[string]any{{
			"blockOverrides": map[string]any{
				"number":       (*hexutil.Big)(number),
				"time":         hexutil.Uint64(a.Timestamp),
				"gasLimit":     hexutil.Uint64(gasLimit),
				"feeRecipient": a.FeeRecipient,
				"prevRandao":   a.PrevRandao,
			},
			"calls": calls,
		}},
		"validation": true,
	}
	var res json.RawMessage
	err := b.eth.CallContext(ctx, &res, "eth_simulateV1", opts, a.ParentHash)
	var rerr rpc.Error
	switch {
	case err == nil:
		return 0, nil
	case errors.As(err, &rerr) && rerr.ErrorCode() != codeClientLimit:
		return rerr.ErrorCode(), nil
	default:
		return 0, fmt.Errorf("localblock: eth_simulateV1: %w", err)
	}
}

// codeClientLimit is eth_simulateV1's "client limit exceeded": not a verdict on a transaction.
const codeClientLimit = -38026

// callArgs are the eth_simulateV1 call fields of a transaction.
func callArgs(c candidate) map[string]any {
	tx := c.tx
	m := map[string]any{
		"from":  c.from,
		"nonce": hexutil.Uint64(tx.Nonce()),
		"gas":   hexutil.Uint64(tx.Gas()),
		"value": (*hexutil.Big)(tx.Value()),
		"input": hexutil.Bytes(tx.Data()),
	}
	if tx.To() != nil {
		m["to"] = tx.To()
	}
	if tx.Type() == types.LegacyTxType || tx.Type() == types.AccessListTxType {
		m["gasPrice"] = (*hexutil.Big)(tx.GasPrice())
	} else {
		m["maxFeePerGas"] = (*hexutil.Big)(tx.GasFeeCap())
		m["maxPriorityFeePerGas"] = (*hexutil.Big)(tx.GasTipCap())
	}
	if tx.Type() != types.LegacyTxType {
		m["chainId"] = (*hexutil.Big)(tx.ChainId())
		if al := tx.AccessList(); al != nil {
			m["accessList"] = al
		}
	}
	if h := tx.BlobHashes(); len(h) > 0 {
		m["blobVersionedHashes"] = h
		m["maxFeePerBlobGas"] = (*hexutil.Big)(tx.BlobGasFeeCap())
	}
	if auth := tx.SetCodeAuthorizations(); len(auth) > 0 {
		m["authorizationList"] = auth
	}
	return m
}

// reasonLabel is the metric label of a left-out reason.
func reasonLabel(reason string) string {
	for _, p := range []string{"void", "invalid", "undecodable", "cell proofs", "sender", "encode"} {
		if len(reason) >= len(p) && reason[:len(p)] == p {
			return p
		}
	}
	return "other"
}
