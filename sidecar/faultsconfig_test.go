package sidecar

import (
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/sidecar/faults"
	"github.com/basedsidecar/based/sidecar/localblock"
)

type fixedConstraints []localblock.Constraint

func (f fixedConstraints) Constraints(uint64) []localblock.Constraint { return f }

// TestDroppingConstraints leaves exactly the dropped txs out of our block's
// constraints, in order, and does not touch the inner list.
func TestDroppingConstraints(t *testing.T) {
	inner := fixedConstraints{{TxHash: common.Hash{1}}, {TxHash: common.Hash{2}}, {TxHash: common.Hash{3}}}
	d := faults.NewDrops()
	c := dropping{inner: inner, drops: d}
	if got := c.Constraints(5); len(got) != 3 {
		t.Fatalf("nothing dropped: %d constraints", len(got))
	}
	d.Add(common.Hash{2})
	got := c.Constraints(5)
	if len(got) != 2 || got[0].TxHash != (common.Hash{1}) || got[1].TxHash != (common.Hash{3}) {
		t.Fatalf("constraints %v, want txs 1 and 3", got)
	}
	if inner[1].TxHash != (common.Hash{2}) {
		t.Fatal("the inner list was changed")
	}
	// A withheld batch leaves out the batch constraint of that slot only.
	withBatch := fixedConstraints{{TxHash: common.Hash{9}, Batch: true}, {TxHash: common.Hash{1}}}
	c = dropping{inner: withBatch, drops: d}
	d.Withhold(1)
	if got := c.Constraints(6); len(got) != 1 || got[0].TxHash != (common.Hash{1}) {
		t.Fatalf("slot 6 with its batch withheld: %v", got)
	}
	if got := c.Constraints(7); len(got) != 2 || !got[0].Batch {
		t.Fatalf("slot 7: %v, want its batch", got)
	}
}

type fixedLater map[common.Address]uint64

func (f fixedLater) LaterNonces(uint64) map[common.Address]uint64 { return f }

// TestForeignBlocks keeps no later promise in the blocks the fault API made
// foreign, and every one in the blocks after them.
func TestForeignBlocks(t *testing.T) {
	d := faults.NewDrops()
	l := foreignBlocks{inner: fixedLater{{1}: 4}, drops: d}
	if got := l.LaterNonces(3); got[common.Address{1}] != 4 {
		t.Fatalf("no fault: %v", got)
	}
	d.ForeignUntil(10)
	if got := l.LaterNonces(9); len(got) != 0 {
		t.Fatalf("slot 9, foreign: %v", got)
	}
	if got := l.LaterNonces(10); got[common.Address{1}] != 4 {
		t.Fatalf("slot 10, ours again: %v", got)
	}
}
