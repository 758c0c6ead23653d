package preconf

import "math/big"

// Price is the minimum tip per gas for a slot of which fraction sold/budget is
// already promised:
//
//	price = floor × (1 + Steepness × f²),  f = sold / budget, 0 ≤ f ≤ 1
//
// With the default steepness 4 the price is the floor on an empty slot, twice
// the floor at half sold and five times the floor when full. f is the larger
// of the gas fraction and the count fraction of the slot's caps.
func Price(floor *big.Int, steepness, sold, budget uint64) *big.Int {
	p := new(big.Int).Set(floor)
	if budget == 0 || sold == 0 {
		return p
	}
	if sold > budget {
		sold = budget
	}
	// floor × (budget² + k·sold²) / budget², rounded up.
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
	p := new(big.Int).Set(fee)
	nine, eight := big.NewInt(9), big.NewInt(8)
	for range min(blocks, maxProjection) {
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
