package sidecar

import (
	"fmt"
	"math/big"
	"net"
	"net/netip"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/sidecar/faults"
	"github.com/basedsidecar/based/sidecar/localblock"
)

// DevnetChainID is the chain id of the devnet (package devnet's ChainID), the
// only chain fault injection runs on.
const DevnetChainID = 3151908

// FaultsConfig is fault injection for devnet tests (sidecar/faults); off by default.
type FaultsConfig struct {
	// Addr is the loopback listen address of the fault API; empty: off.
	Addr string
}

// validateFaults refuses fault injection anywhere but on a loopback address
// of the devnet's chain, with our own block on (the only block it changes).
func (c Config) validateFaults() error {
	if c.Faults.Addr == "" {
		return nil
	}
	host, _, err := net.SplitHostPort(c.Faults.Addr)
	if err != nil {
		return fmt.Errorf("%w: testing.faults-addr %q: %v", ErrConfig, c.Faults.Addr, err)
	}
	if a, err := netip.ParseAddr(host); host != "localhost" && (err != nil || !a.IsLoopback()) {
		return fmt.Errorf("%w: testing.faults-addr %q: fault injection listens on a loopback address only", ErrConfig, c.Faults.Addr)
	}
	if id := c.Preconf.Domain.ChainID; id == nil || id.Cmp(big.NewInt(DevnetChainID)) != 0 || c.SyntheticChain {
		return fmt.Errorf("%w: testing.faults-addr: fault injection is for the devnet only (preconf.chain-id %d), not chain id %v", ErrConfig, DevnetChainID, id)
	}
	if c.LocalBlock.KeyFile == "" || c.RPCAddr == "" {
		return fmt.Errorf("%w: testing.faults-addr: needs our own block (builder.key) and promises (rpc.addr)", ErrConfig)
	}
	return nil
}

// dropping is the constraints of our block less the promised txs the fault
// API dropped.
type dropping struct {
	inner localblock.Constraints
	drops *faults.Drops
}

func (d dropping) Constraints(slot uint64) []localblock.Constraint {
	cs := d.inner.Constraints(slot)
	out := cs[:0:0]
	for _, c := range cs {
		if c.Batch && d.drops.WithholdBatch(slot) {
			continue
		}
		if !d.drops.Has(c.TxHash) {
			out = append(out, c)
		}
	}
	return out
}

// foreignBlocks is the later promises our block keeps, except in the blocks
// the fault API made foreign: those keep none.
type foreignBlocks struct {
	inner localblock.LaterPromises
	drops *faults.Drops
}

func (f foreignBlocks) LaterNonces(slot uint64) map[common.Address]uint64 {
	if f.drops.Foreign(slot) {
		return nil
	}
	return f.inner.LaterNonces(slot)
}
