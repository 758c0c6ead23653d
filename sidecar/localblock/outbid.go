package localblock

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/beacon/engine"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/miner"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Payer pays the fee recipient from an account of the operator's, so that our
// block is worth more than the beacon node's own and the proposer takes it.
//
// A beacon node takes a builder's bid only when it is worth more than its own
// block (Prysm compares in gwei), and a validator client sends no builder boost
// factor that would change that. Our block leaves out what would break a
// promise (a sender's replacement of its promised transaction, for one), so the
// beacon node's block can be worth more. At each build the payer first freezes
// the beacon node's own payload on the execution client (engine_getPayload
// ends its updates, so the value it reports is the one the beacon node will be
// given) and then, when our block is worth less, adds one transfer at the end
// of our block of the difference plus one gwei, at most Max.
type Payer struct {
	Key     *ecdsa.PrivateKey
	ChainID *big.Int
	// Max is the most one block pays, in wei.
	Max *big.Int
}

// payGas is the gas a payment may use (a fee recipient with code may take more than a transfer's 21,000).
const payGas = 60_000

// codeUnknownPayload is the Engine API's "Unknown payload".
const codeUnknownPayload = -38001

// PayToWin lets p top our blocks up over the beacon node's own.
func (b *Builder) PayToWin(p *Payer) { b.payer = p }

// Versus is how our block stood against the beacon node's own.
type Versus struct {
	// Local is the value of the beacon node's own payload; nil when unknown.
	Local *big.Int
	// Paid is what our block transfers to the fee recipient to beat it (zero when not).
	Paid *big.Int
	// Outcome is ahead, paid, over_cap, failed or unknown.
	Outcome string
}

// localValue freezes the beacon node's own payload for a's slot and returns its value.
//
// The payload id hashes the attributes, fee recipient included, and a beacon node may
// prepare its payload for another fee recipient than the one it announces: Prysm with
// --prepare-all-payloads prepares it for the zero address (it takes the cached payload at
// proposal all the same). The announced one, the registration's and the zero address are
// tried.
func (b *Builder) localValue(ctx context.Context, a Attributes) (*big.Int, error) {
	var ids []engine.PayloadID
	seen := map[common.Address]bool{}
	for _, fee := range []common.Address{a.BeaconFeeRecipient, a.FeeRecipient, {}} {
		if seen[fee] {
			continue
		}
		seen[fee] = true
		root := a.ParentBeaconRoot
		args := miner.BuildPayloadArgs{
			Parent: a.ParentHash, Timestamp: a.Timestamp, FeeRecipient: fee, Random: a.PrevRandao,
			Withdrawals: types.Withdrawals(a.Withdrawals), BeaconRoot: &root, Version: engine.PayloadV3,
		}
		ids = append(ids, args.Id())
	}
	// The beacon node asks for the payload as it announces the attributes: give it a moment.
	for try := 0; ; try++ {
		for _, id := range ids {
			var env engine.ExecutionPayloadEnvelope
			err := b.engine.CallContext(ctx, &env, "engine_getPayloadV5", id)
			if err == nil {
				if env.BlockValue == nil {
					return new(big.Int), nil
				}
				return env.BlockValue, nil
			}
			var rerr rpc.Error
			if !errors.As(err, &rerr) || rerr.ErrorCode() != codeUnknownPayload {
				return nil, fmt.Errorf("localblock: the beacon node's payload %s: %w", id, err)
			}
		}
		if try == 4 {
			return nil, fmt.Errorf("localblock: the beacon node's payload (ids %v): unknown to the execution client", ids)
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(40 * time.Millisecond):
		}
	}
}

// payment is the transfer of value from the payer to a's fee recipient, at the block's base fee.
func (b *Builder) payment(ctx context.Context, a Attributes, baseFee, value *big.Int) (candidate, error) {
	from := crypto.PubkeyToAddress(b.payer.Key.PublicKey)
	var nonce hexutil.Uint64
	if err := b.eth.CallContext(ctx, &nonce, "eth_getTransactionCount", from, rpc.BlockNumberOrHashWithHash(a.ParentHash, false)); err != nil {
		return candidate{}, fmt.Errorf("localblock: payer nonce: %w", err)
	}
	to := a.FeeRecipient
	tx, err := types.SignNewTx(b.payer.Key, types.LatestSignerForChainID(b.payer.ChainID), &types.DynamicFeeTx{
		ChainID: b.payer.ChainID, Nonce: uint64(nonce), GasTipCap: new(big.Int), GasFeeCap: baseFee, Gas: payGas, To: &to, Value: value,
	})
	if err != nil {
		return candidate{}, fmt.Errorf("localblock: payment: %w", err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return candidate{}, fmt.Errorf("localblock: payment: %w", err)
	}
	return candidate{tx: tx, raw: raw, from: from}, nil
}

// toBeat is what a block worth ours must be topped up by to be worth more than
// local in whole gwei (the beacon node's comparison): zero when it already is.
func toBeat(ours, local *big.Int) *big.Int {
	gwei := big.NewInt(params.GWei)
	target := new(big.Int).Div(local, gwei)
	target.Add(target, big.NewInt(1)).Mul(target, gwei)
	if ours.Cmp(target) >= 0 {
		return new(big.Int)
	}
	return target.Sub(target, ours)
}

// outbid tops env up over the beacon node's own payload of value local when it
// has to and may: it returns the envelope to serve, its candidates and how it stood.
func (b *Builder) outbid(ctx context.Context, a Attributes, baseFee *big.Int, cands []candidate, env *engine.ExecutionPayloadEnvelope, local *big.Int, lerr error) (*engine.ExecutionPayloadEnvelope, []candidate, Versus) {
	v := Versus{Local: local, Paid: new(big.Int)}
	ours := env.BlockValue
	if ours == nil {
		ours = new(big.Int)
	}
	if lerr != nil {
		b.log.Warn("the beacon node's own block is not known; our block is not topped up", "slot", a.Slot, "err", lerr)
		v.Outcome = "unknown"
		return env, cands, v
	}
	pay := toBeat(ours, local)
	switch {
	case pay.Sign() == 0:
		v.Outcome = "ahead"
		return env, cands, v
	case b.payer.Max != nil && pay.Cmp(b.payer.Max) > 0:
		b.log.Warn("the beacon node's own block is worth more than ours by more than the payer may pay", "slot", a.Slot, "ours", ours, "local", local, "max", b.payer.Max)
		v.Outcome = "over_cap"
		return env, cands, v
	}
	p, err := b.payment(ctx, a, baseFee, pay)
	if err == nil {
		with := append(cands[:len(cands):len(cands)], p)
		var env2 *engine.ExecutionPayloadEnvelope
		if env2, err = b.buildBlock(ctx, a, with); err == nil {
			if n := len(env2.ExecutionPayload.Transactions); n != len(with) {
				err = fmt.Errorf("%w: %d transactions with the payment, want %d", ErrInvalid, n, len(with))
			} else {
				v.Paid, v.Outcome = pay, "paid"
				return env2, with, v
			}
		}
	}
	b.log.Warn("our block could not be topped up over the beacon node's own", "slot", a.Slot, "ours", ours, "local", local, "err", err)
	v.Outcome = "failed"
	return env, cands, v
}

// payerAddress is the payer's account, or the zero address without one.
func (b *Builder) payerAddress() common.Address {
	if b.payer == nil {
		return common.Address{}
	}
	return crypto.PubkeyToAddress(b.payer.Key.PublicKey)
}
