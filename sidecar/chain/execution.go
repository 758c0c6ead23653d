package chain

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/big"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/basedsidecar/based/preconf"
)

var (
	// ErrExecution is wrapped when the execution client cannot be reached or answers badly.
	ErrExecution = errors.New("execution client unavailable")
	// ErrChainID is wrapped when the execution client serves another chain.
	ErrChainID = errors.New("execution client on the wrong chain")
)

// Blob base fee update fractions (EIP-4844, EIP-7691).
const (
	blobFractionCancun = 3338477
	blobFractionPrague = 5007716
)

// BlobFork is one step of the blob fee schedule: from Time (unix seconds) on,
// the blob base fee moves by UpdateFraction.
type BlobFork struct {
	Time           uint64
	UpdateFraction uint64
}

// BlobSchedule is the blob fee schedule in activation order.
type BlobSchedule []BlobFork

// fraction is the update fraction in force at ts; zero before blobs exist.
func (s BlobSchedule) fraction(ts uint64) uint64 {
	var f uint64
	for _, fk := range s {
		if ts >= fk.Time {
			f = fk.UpdateFraction
		}
	}
	return f
}

// BlobBaseFee is the blob base fee of a block with this excess blob gas under
// the given update fraction (EIP-4844's fake_exponential with a minimum of 1 wei).
func BlobBaseFee(excessBlobGas, updateFraction uint64) *big.Int {
	if updateFraction == 0 {
		return nil
	}
	factor, num, den := big.NewInt(1), new(big.Int).SetUint64(excessBlobGas), new(big.Int).SetUint64(updateFraction)
	out, acc := new(big.Int), new(big.Int).Mul(factor, den)
	for i := 1; acc.Sign() > 0; i++ {
		out.Add(out, acc)
		acc.Mul(acc, num)
		acc.Div(acc, den)
		acc.Div(acc, big.NewInt(int64(i)))
	}
	return out.Div(out, den)
}

// blobScheduleFromSpec derives the blob fee schedule from the beacon fork epochs:
// Deneb brings Cancun's fraction, Electra (and Fulu, without BPO forks) Prague's.
func blobScheduleFromSpec(cs chainSpec) BlobSchedule {
	var s BlobSchedule
	epochTime := func(e uint64) uint64 { return epochStartTime(cs.genesisTime, cs.slot, cs.slotsPerEpoch, e) }
	const far = 1 << 40 // FAR_FUTURE_EPOCH and anything like it
	if e, ok := cs.forkEpochs["DENEB"]; ok && e < far {
		s = append(s, BlobFork{Time: epochTime(e), UpdateFraction: blobFractionCancun})
	}
	if e, ok := cs.forkEpochs["ELECTRA"]; ok && e < far {
		s = append(s, BlobFork{Time: epochTime(e), UpdateFraction: blobFractionPrague})
	}
	return s
}

// epochStartTime is the unix time (seconds) at which epoch starts, computed
// without overflow; a time beyond uint64 (a fork epoch far in the future) is
// math.MaxUint64, so that such a fork never activates.
func epochStartTime(genesis time.Time, slot time.Duration, slotsPerEpoch, epoch uint64) uint64 {
	if genesis.Unix() < 0 || slot < 0 {
		return math.MaxUint64
	}
	t := new(big.Int).SetUint64(epoch)
	t.Mul(t, new(big.Int).SetUint64(slotsPerEpoch))
	t.Mul(t, big.NewInt(int64(slot)))
	t.Quo(t, big.NewInt(int64(time.Second)))
	t.Add(t, big.NewInt(genesis.Unix()))
	if !t.IsUint64() {
		return math.MaxUint64
	}
	return t.Uint64()
}

// account is an account's state at one block.
type account struct {
	nonce   uint64
	balance *big.Int
	code    []byte
}

// execution reads the execution client: head, chain id and account state,
// caching state per head block.
type execution struct {
	rpc     *rpc.Client
	eth     *ethclient.Client
	wantID  uint64
	timeout time.Duration
	m       *metrics

	mu       sync.Mutex
	blobs    BlobSchedule
	head     preconf.Head
	cacheFor common.Hash
	cache    map[common.Address]account
}

// dialExecution connects to url (HTTP, WebSocket or IPC); the connection itself is lazy for HTTP.
func dialExecution(ctx context.Context, url string, wantChainID uint64, timeout time.Duration, m *metrics) (*execution, error) {
	c, err := rpc.DialContext(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("%w: dial %s: %w", ErrExecution, url, err)
	}
	return newExecution(c, wantChainID, timeout, m), nil
}

func newExecution(c *rpc.Client, wantChainID uint64, timeout time.Duration, m *metrics) *execution {
	return &execution{rpc: c, eth: ethclient.NewClient(c), wantID: wantChainID, timeout: timeout, m: m, cache: map[common.Address]account{}}
}

func (e *execution) setBlobSchedule(s BlobSchedule) {
	e.mu.Lock()
	e.blobs = s
	e.mu.Unlock()
}

func (e *execution) call(ctx context.Context, op string, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(ctx, e.timeout)
	defer cancel()
	start := time.Now()
	err := f(ctx)
	e.m.observe("execution", op, time.Since(start), err)
	if err != nil {
		return fmt.Errorf("%w: %s: %w", ErrExecution, op, err)
	}
	return nil
}

// checkChainID fails with ErrChainID when the client serves another chain than wanted.
func (e *execution) checkChainID(ctx context.Context) (uint64, error) {
	var id *big.Int
	if err := e.call(ctx, "chain_id", func(ctx context.Context) (err error) {
		id, err = e.eth.ChainID(ctx)
		return err
	}); err != nil {
		return 0, err
	}
	if !id.IsUint64() {
		return 0, fmt.Errorf("%w: chain id %s", ErrChainID, id)
	}
	if e.wantID != 0 && id.Uint64() != e.wantID {
		return id.Uint64(), fmt.Errorf("%w: execution client reports chain id %d, configured %d", ErrChainID, id.Uint64(), e.wantID)
	}
	return id.Uint64(), nil
}

// refreshHead reads the latest header; changed is true when the head block is new,
// in which case the state cache is dropped.
func (e *execution) refreshHead(ctx context.Context, slotOf func(ts uint64) uint64) (preconf.Head, bool, error) {
	var h *types.Header
	if err := e.call(ctx, "head", func(ctx context.Context) (err error) {
		h, err = e.eth.HeaderByNumber(ctx, nil)
		return err
	}); err != nil {
		return preconf.Head{}, false, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	head := preconf.Head{Number: h.Number.Uint64(), Hash: h.Hash(), Timestamp: h.Time, BaseFee: h.BaseFee, GasLimit: h.GasLimit}
	if h.ExcessBlobGas != nil {
		head.BlobBaseFee = BlobBaseFee(*h.ExcessBlobGas, e.blobs.fraction(h.Time))
	}
	if slotOf != nil {
		head.Slot = slotOf(h.Time)
	}
	changed := head.Hash != e.head.Hash
	if changed {
		e.head = head
		e.cacheFor, e.cache = head.Hash, map[common.Address]account{}
	}
	return e.head, changed, nil
}

// invalidate drops cached state, as after a reorg.
func (e *execution) invalidate() {
	e.mu.Lock()
	e.cacheFor, e.cache = common.Hash{}, map[common.Address]account{}
	e.head = preconf.Head{}
	e.mu.Unlock()
}

// accounts returns the state of addrs at the current head, fetching what the
// cache lacks in one batch.
func (e *execution) accounts(ctx context.Context, addrs []common.Address) (map[common.Address]account, error) {
	e.mu.Lock()
	at := e.cacheFor
	out := make(map[common.Address]account, len(addrs))
	var missing []common.Address
	for _, a := range addrs {
		if acc, ok := e.cache[a]; ok {
			out[a] = acc
		} else if _, dup := out[a]; !dup && !contains(missing, a) {
			missing = append(missing, a)
		}
	}
	e.mu.Unlock()
	if len(missing) == 0 {
		return out, nil
	}
	if at == (common.Hash{}) {
		return nil, fmt.Errorf("%w: no execution head yet", ErrExecution)
	}
	block := rpc.BlockNumberOrHashWithHash(at, false)
	type result struct {
		nonce   hexutil.Uint64
		balance hexutil.Big
		code    hexutil.Bytes
	}
	res := make([]result, len(missing))
	batch := make([]rpc.BatchElem, 0, 3*len(missing))
	for i, a := range missing {
		batch = append(batch,
			rpc.BatchElem{Method: "eth_getTransactionCount", Args: []any{a, block}, Result: &res[i].nonce},
			rpc.BatchElem{Method: "eth_getBalance", Args: []any{a, block}, Result: &res[i].balance},
			rpc.BatchElem{Method: "eth_getCode", Args: []any{a, block}, Result: &res[i].code},
		)
	}
	if err := e.call(ctx, "state", func(ctx context.Context) error {
		if err := e.rpc.BatchCallContext(ctx, batch); err != nil {
			return err
		}
		for _, el := range batch {
			if el.Error != nil {
				return fmt.Errorf("%s: %w", el.Method, el.Error)
			}
		}
		return nil
	}); err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, a := range missing {
		acc := account{nonce: uint64(res[i].nonce), balance: res[i].balance.ToInt(), code: res[i].code}
		out[a] = acc
		if e.cacheFor == at { // the head did not move meanwhile
			e.cache[a] = acc
		}
	}
	return out, nil
}

func contains(s []common.Address, a common.Address) bool {
	for _, x := range s {
		if x == a {
			return true
		}
	}
	return false
}

func (e *execution) close() { e.rpc.Close() }
