package localblock

import (
	"math/big"
	"testing"
)

// TestToBeat tops a value up to more than the beacon node's in whole gwei, the
// beacon node's comparison, and no further.
func TestToBeat(t *testing.T) {
	for _, c := range []struct {
		ours, local, want int64
	}{
		{0, 0, 1e9},                   // an empty local block still needs one gwei more
		{5e9, 1e9, 0},                 // ahead
		{2e9, 1e9 + 999_999_999, 0},   // 2 gwei against 1 gwei (rounded down): ahead
		{1e9, 1e9 + 999_999_999, 1e9}, // equal in gwei: one gwei more
		{1, 3e9 + 5, 4e9 - 1},         // to exactly 4 gwei
		{999_999_999, 0, 1},           // to exactly 1 gwei
	} {
		got := toBeat(big.NewInt(c.ours), big.NewInt(c.local))
		if got.Int64() != c.want {
			t.Errorf("toBeat(%d, %d) = %v, want %d", c.ours, c.local, got, c.want)
		}
		if sum := new(big.Int).Add(big.NewInt(c.ours), got); new(big.Int).Div(sum, big.NewInt(1e9)).Cmp(new(big.Int).Div(big.NewInt(c.local), big.NewInt(1e9))) <= 0 {
			t.Errorf("toBeat(%d, %d): %v gwei does not beat the local block", c.ours, c.local, sum)
		}
	}
}
