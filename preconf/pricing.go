package preconf

import (
	"math/big"

	"github.com/holiman/uint256"
)

// Price is the minimum tip per gas for a slot of which fraction sold/budget is
// already promised:
//
//	price = floor × (1 + Steepness × f²),  f = sold / budget, 0 ≤ f ≤ 1
//
// With the default steepness 4 the price is the floor on an empty slot, twice
// the floor at half sold and five times the floor when full. f is the larger
// of the gas fraction and the count fraction of the slot's caps.
func Price(floor *big.Int, steepness, sold, budget uint64) *big.Int {
	if budget == 0 || sold == 0 {
		return new(big.Int).Set(floor)
	}
	sold = min(sold, budget)
	if p, ok := price256(floor, steepness, sold, budget); ok {
		return p.ToBig()
	}
	return priceBig(floor, steepness, sold, budget)
}

// price256 is Price in 256-bit arithmetic, without allocations on the
// request path; ok is false when a value does not fit.
func price256(floor *big.Int, steepness, sold, budget uint64) (*uint256.Int, bool) {
	if floor.Sign() < 0 {
		return nil, false
	}
	f, overflow := uint256.FromBig(floor)
	if overflow {
		return nil, false
	}
	// floor × (budget² + k·sold²) / budget², rounded up; budget² and sold² fit in 128 bits.
	var b2, num, k, up uint256.Int
	b2.SetUint64(budget)
	b2.Mul(&b2, &b2)
	num.SetUint64(sold)
	num.Mul(&num, &num)
	k.SetUint64(steepness)
	if _, o := num.MulOverflow(&num, &k); o {
		return nil, false
	}
	if _, o := num.AddOverflow(&num, &b2); o {
		return nil, false
	}
	if _, o := f.MulOverflow(f, &num); o {
		return nil, false
	}
	up.SubUint64(&b2, 1)
	if _, o := f.AddOverflow(f, &up); o {
		return nil, false
	}
	return f.Div(f, &b2), true
}

// priceBig is Price for values beyond 256 bits.
func priceBig(floor *big.Int, steepness, sold, budget uint64) *big.Int {
	p := new(big.Int).Set(floor)
	b2 := new(big.Int).Mul(new(big.Int).SetUint64(budget), new(big.Int).SetUint64(budget))
	s := new(big.Int).SetUint64(sold)
	num := new(big.Int).Mul(s, s)
	num.Mul(num, new(big.Int).SetUint64(steepness))
	num.Add(num, b2)
	p.Mul(p, num)
	p.Add(p, new(big.Int).Sub(b2, big.NewInt(1)))
	return p.Div(p, b2)
}

// ProjectFee returns fee raised by 12.5 % (rounded up) for each of blocks
// blocks: the most an EIP-1559 base fee (or blob base fee) can grow.
func ProjectFee(fee *big.Int, blocks uint64) *big.Int {
	if fee == nil {
		return new(big.Int)
	}
	blocks = min(blocks, maxProjection)
	if fee.Sign() >= 0 {
		if f, overflow := uint256.FromBig(fee); !overflow {
			seven, nine := uint256.NewInt(7), uint256.NewInt(9)
			ok := true
			for range blocks {
				_, o1 := f.MulOverflow(f, nine)
				_, o2 := f.AddOverflow(f, seven)
				if o1 || o2 {
					ok = false
					break
				}
				f.Rsh(f, 3)
			}
			if ok {
				return f.ToBig()
			}
		}
	}
	return projectFeeBig(fee, blocks)
}

// projectFeeBig is ProjectFee for values beyond 256 bits.
func projectFeeBig(fee *big.Int, blocks uint64) *big.Int {
	p := new(big.Int).Set(fee)
	nine, eight := big.NewInt(9), big.NewInt(8)
	for range blocks {
		p.Mul(p, nine)
		p.Add(p, big.NewInt(7))
		p.Div(p, eight)
	}
	return p
}

// maxProjection bounds the projection (two epochs); slots further out are refused anyway.
const maxProjection = 64

// Penalty is the wei owed to the sender if the promise for a tx of gas gas
// at tip tip is broken: PenaltyMultiple × gas × tip, at least PenaltyMin.
func Penalty(cfg *Config, gas uint64, tip *big.Int) *big.Int {
	p := new(big.Int).SetUint64(gas)
	p.Mul(p, tip)
	p.Mul(p, new(big.Int).SetUint64(cfg.PenaltyMultiple))
	if p.Cmp(cfg.PenaltyMin) < 0 {
		p.Set(cfg.PenaltyMin)
	}
	return p
}
