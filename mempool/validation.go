package mempool

import (
	"context"
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/holiman/uint256"
)

// Pool errors. Consensus and pool rules shared with go-ethereum wrap its own errors
// (core.ErrNonceTooLow, txpool.ErrReplaceUnderpriced, ...), so wallets see the messages they
// know; the rest are these.
var (
	ErrUnknownRollup = errors.New("unknown rollup chain id")
	ErrPinned        = errors.New("transaction is promised")
	ErrNotPending    = errors.New("transaction is not executable")
	ErrPoolFull      = errors.New("pool is full")
	ErrNotFound      = errors.New("transaction not in pool")
	ErrState         = errors.New("rollup state unavailable")
	ErrBundle        = errors.New("invalid bundle")
	ErrBlockGas      = errors.New("promised transactions exceed the block gas limit")
)

// Account is what the pool needs of one L2 account at the rollup's head.
type Account struct {
	Nonce   uint64
	Balance *uint256.Int
}

// State reads the rollup's accounts at its current head (the rollup node's execution
// client, through its RPC, in the sidecar).
type State interface {
	Account(ctx context.Context, addr common.Address) (Account, error)
}

// BatchState is a State that reads many accounts in one round trip; Reset uses it when the
// pool's State has it.
type BatchState interface {
	Accounts(ctx context.Context, addrs []common.Address) ([]Account, error)
}

// acceptedTypes are the transaction types a rollup pool takes: not blob transactions (an L2
// block carries none; docs/BATCH.md section 6).
const acceptedTypes = 1<<types.LegacyTxType | 1<<types.AccessListTxType | 1<<types.DynamicFeeTxType | 1<<types.SetCodeTxType

// maxTxSize is the largest transaction a pool stores (go-ethereum's legacypool: 4 slots of 32 KiB).
const maxTxSize = 4 * 32 * 1024

// validateStateless checks a transaction against the rollup's consensus rules at head
// without its state: go-ethereum's own ValidateTransaction with the rollup's chain config,
// and recovers (and caches in tx) its sender.
func (p *Pool) validateStateless(tx *types.Transaction, head *types.Header) (common.Address, error) {
	if !tx.Protected() {
		return common.Address{}, fmt.Errorf("%w: transaction is not replay-protected (EIP-155)", types.ErrInvalidChainId)
	}
	if tx.ChainId().Cmp(p.cfg.ChainID) != 0 {
		return common.Address{}, fmt.Errorf("%w: chain id %v, this pool is %v", types.ErrInvalidChainId, tx.ChainId(), p.cfg.ChainID)
	}
	if tx.Gas() > p.cfg.GasLimit {
		return common.Address{}, fmt.Errorf("%w: gas %d, the rollup's block gas limit is %d", txpool.ErrGasLimit, tx.Gas(), p.cfg.GasLimit)
	}
	if err := txpool.ValidateTransaction(tx, head, p.signer, &p.vopts); err != nil {
		return common.Address{}, err
	}
	from, err := types.Sender(p.signer, tx)
	if err != nil {
		return common.Address{}, fmt.Errorf("%w: %v", txpool.ErrInvalidSender, err)
	}
	return from, nil
}

// validateState checks a new entry against the sender's account and pooled transactions:
// the nonce not spent, the sender's limit, and the balance covering all its pooled
// transactions with this one (replacing old, if any). p.mu is held.
func (p *Pool) validateState(e *entry, acc *account, old *entry) error {
	if e.nonce < acc.nonce {
		return fmt.Errorf("%w: next nonce %v, tx nonce %v", core.ErrNonceTooLow, acc.nonce, e.nonce)
	}
	if old == nil && len(acc.txs) >= p.cfg.MaxPerSender {
		return fmt.Errorf("%w: %d txs pooled for %v", txpool.ErrAccountLimitExceeded, len(acc.txs), e.sender)
	}
	if e.nonce > acc.nonce+uint64(p.cfg.MaxPerSender) {
		return fmt.Errorf("%w: tx nonce %v, next nonce %v, at most %d ahead", core.ErrNonceTooHigh, e.nonce, acc.nonce, p.cfg.MaxPerSender)
	}
	var spent uint256.Int
	overflow := false
	for _, t := range acc.txs {
		if t != old {
			_, o := spent.AddOverflow(&spent, &t.cost)
			overflow = overflow || o
		}
	}
	_, o := spent.AddOverflow(&spent, &e.cost)
	if overflow || o || acc.balance.Lt(&spent) {
		return fmt.Errorf("%w: balance %v, cost of this and the other pooled txs %v", core.ErrInsufficientFunds, &acc.balance, &spent)
	}
	return nil
}

// validateReplacement checks that e may replace old: not promised, and a bump of at least
// PriceBump percent of both the tip and the fee cap.
func (p *Pool) validateReplacement(e, old *entry) error {
	if old.pinned {
		return fmt.Errorf("%w: %v holds nonce %d of %v", ErrPinned, old.hash, old.nonce, old.sender)
	}
	if old.bundle != nil {
		return fmt.Errorf("%w: %v holds nonce %d of %v as a bundle leg", ErrBundle, old.hash, old.nonce, old.sender)
	}
	if !bumped(&e.tip, &old.tip, p.cfg.PriceBump) || !bumped(&e.feeCap, &old.feeCap, p.cfg.PriceBump) {
		return fmt.Errorf("%w: tip and fee cap must both be %d%% above %v / %v", txpool.ErrReplaceUnderpriced, p.cfg.PriceBump, &old.tip, &old.feeCap)
	}
	return nil
}

// bumped reports whether n ≥ old × (100 + pct) / 100.
func bumped(n, old *uint256.Int, pct uint64) bool {
	var need uint256.Int
	need.Mul(old, uint256.NewInt(100+pct))
	var have uint256.Int
	have.Mul(n, uint256.NewInt(100))
	return !have.Lt(&need)
}

// validationOptions returns go-ethereum's stateless validation options of a rollup pool.
func validationOptions(cfg *params.ChainConfig, minTip *big.Int) txpool.ValidationOptions {
	return txpool.ValidationOptions{Config: cfg, Accept: acceptedTypes, MaxSize: maxTxSize, MinTip: minTip}
}

// outcomes map refusals to short labels, most specific first.
var outcomes = []struct {
	err   error
	label string
}{
	{ErrPoolFull, "pool_full"},
	{ErrPinned, "promised"},
	{ErrBundle, "bundle"},
	{ErrState, "state"},
	{txpool.ErrAlreadyKnown, "already_known"},
	{txpool.ErrReplaceUnderpriced, "replace_underpriced"},
	{txpool.ErrTxGasPriceTooLow, "tip_too_low"},
	{txpool.ErrAccountLimitExceeded, "sender_limit"},
	{txpool.ErrGasLimit, "gas_limit"},
	{core.ErrNonceTooLow, "nonce_too_low"},
	{core.ErrNonceTooHigh, "nonce_too_high"},
	{core.ErrInsufficientFunds, "insufficient_funds"},
	{types.ErrInvalidChainId, "chain_id"},
	{core.ErrTxTypeNotSupported, "tx_type"},
	{txpool.ErrInvalidSender, "signature"},
}

// Outcome returns a short label for the result of adding a transaction ("ok" for nil), for
// metrics.
func Outcome(err error) string {
	if err == nil {
		return "ok"
	}
	for _, o := range outcomes {
		if errors.Is(err, o.err) {
			return o.label
		}
	}
	return "invalid"
}
