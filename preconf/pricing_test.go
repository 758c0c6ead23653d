package preconf

import (
	"math/big"
	"math/rand/v2"
	"testing"
)

// TestFeeArithmetic256 checks that the 256-bit paths of Price and
// ProjectFee give what plain big.Int arithmetic gives, across small, large
// and overflowing values (where they hand over to the big.Int path).
func TestFeeArithmetic256(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	randBig := func() *big.Int {
		switch rng.IntN(4) {
		case 0:
			return big.NewInt(rng.Int64N(1e12))
		case 1:
			return new(big.Int).Lsh(big.NewInt(rng.Int64()), uint(rng.IntN(200)))
		case 2: // near and past 2^256
			return new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(250+rng.IntN(10))), big.NewInt(rng.Int64N(1000)))
		default:
			return big.NewInt(-rng.Int64N(1e9))
		}
	}
	randU64 := func() uint64 {
		if rng.IntN(3) == 0 {
			return rng.Uint64()
		}
		return rng.Uint64N(1e7)
	}
	// Every small case, where rounding shows.
	for f := range int64(20) {
		for k := range uint64(6) {
			for sold := range uint64(6) {
				for budget := range uint64(6) {
					got, want := Price(big.NewInt(f), k, sold, budget), big.NewInt(f)
					if budget != 0 && sold != 0 {
						want = priceBig(big.NewInt(f), k, min(sold, budget), budget)
					}
					if got.Cmp(want) != 0 {
						t.Fatalf("Price(%d, %d, %d, %d) = %v, want %v", f, k, sold, budget, got, want)
					}
				}
			}
		}
		for blocks := range uint64(5) {
			if got, want := ProjectFee(big.NewInt(f), blocks), projectFeeBig(big.NewInt(f), blocks); got.Cmp(want) != 0 {
				t.Fatalf("ProjectFee(%d, %d) = %v, want %v", f, blocks, got, want)
			}
		}
	}
	for range 20000 {
		floor, k, sold, budget := randBig(), randU64(), randU64(), randU64()
		got := Price(floor, k, sold, budget)
		want := new(big.Int).Set(floor)
		if budget != 0 && sold != 0 {
			want = priceBig(floor, k, min(sold, budget), budget)
		}
		if got.Cmp(want) != 0 {
			t.Fatalf("Price(%v, %d, %d, %d) = %v, want %v", floor, k, sold, budget, got, want)
		}
		fee, blocks := randBig(), rng.Uint64N(80)
		if got, want := ProjectFee(fee, blocks), projectFeeBig(fee, min(blocks, maxProjection)); got.Cmp(want) != 0 {
			t.Fatalf("ProjectFee(%v, %d) = %v, want %v", fee, blocks, got, want)
		}
	}
}
