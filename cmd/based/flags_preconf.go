package main

import (
	"fmt"
	"math"
	"math/big"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar"
	"github.com/basedsidecar/based/sidecar/keys"
	"github.com/basedsidecar/based/sidecar/rollup"
	"github.com/basedsidecar/based/sidecar/rpc"
)

const (
	flagRPCAddr         = "rpc.addr"
	flagRPCBodyLimit    = "rpc.body-limit"
	flagRPCIPRate       = "rpc.ip-rate"
	flagRPCMaxConns     = "rpc.max-conns"
	flagPreconfKeystore = "preconf.keystore"
	flagPreconfPassword = "preconf.password-file"
	flagPreconfChainID  = "preconf.chain-id"
	flagPreconfSlasher  = "preconf.slasher"
	flagPreconfMaxGas   = "preconf.max-gas"
	flagPreconfMaxCount = "preconf.max-count"
	flagPreconfMaxBlobs = "preconf.max-blobs"
	flagPreconfFloor    = "preconf.floor"
	flagPreconfColl     = "preconf.collateral"
	flagPreconfFinality = "preconf.finality-delay"
	flagPreconfRetain   = "preconf.retention"
	flagPreconfSender   = "preconf.sender-rate"
	flagPreconfSynth    = "preconf.synthetic-chain"
	flagPreconfRegistry = "preconf.registry"
	flagPreconfRefresh  = "preconf.collateral-refresh"
	flagRollup          = "rollup"
	flagNoDefender      = "defender.off"
)

// preconfFlags are the `based run` flags of the promise engine and its API servers.
func preconfFlags() []cli.Flag {
	d, r := preconf.DefaultConfig(), rpc.DefaultConfig()
	return []cli.Flag{
		&cli.StringFlag{Name: flagRPCAddr, Usage: "listen address of the preconfirmation APIs (JSON-RPC, WebSocket, Commitments API, Bolt), e.g. 127.0.0.1:8645; empty: off", EnvVars: []string{"BASED_RPC_ADDR"}},
		&cli.IntFlag{Name: flagRPCBodyLimit, Value: r.BodyLimit, Usage: "largest request body in bytes", EnvVars: []string{"BASED_RPC_BODY_LIMIT"}},
		&cli.Float64Flag{Name: flagRPCIPRate, Value: r.IPRate, Usage: "requests per second per client IP (burst: twice that); 0: no limit", EnvVars: []string{"BASED_RPC_IP_RATE"}},
		&cli.IntFlag{Name: flagRPCMaxConns, Value: r.MaxConns, Usage: "most concurrent connections", EnvVars: []string{"BASED_RPC_MAX_CONNS"}},
		&cli.PathFlag{Name: flagPreconfKeystore, Usage: "committer key that signs promises: a keystore v3 JSON file (with --preconf.password-file) or a file holding the key in hex", EnvVars: []string{"BASED_PRECONF_KEYSTORE"}},
		&cli.PathFlag{Name: flagPreconfPassword, Usage: "file holding the committer keystore's password", EnvVars: []string{"BASED_PRECONF_PASSWORD_FILE"}},
		&cli.Uint64Flag{Name: flagPreconfChainID, Usage: "L1 chain id of the EIP-712 domain", EnvVars: []string{"BASED_PRECONF_CHAIN_ID"}},
		&cli.StringFlag{Name: flagPreconfSlasher, Value: "0x0000000000000000000000000000000000000000", Usage: "PreconfSlasher address of the EIP-712 domain", EnvVars: []string{"BASED_PRECONF_SLASHER"}},
		&cli.Uint64Flag{Name: flagPreconfMaxGas, Value: d.MaxGas, Usage: "gas promised per slot at most", EnvVars: []string{"BASED_PRECONF_MAX_GAS"}},
		&cli.UintFlag{Name: flagPreconfMaxCount, Value: uint(d.MaxCount), Usage: "promises per slot at most", EnvVars: []string{"BASED_PRECONF_MAX_COUNT"}},
		&cli.IntFlag{Name: flagPreconfMaxBlobs, Value: d.MaxBlobs, Usage: "blobs promised per slot at most; the chain's own per-block limit at the slot (beacon spec: Electra constant, BLOB_SCHEDULE) lowers it", EnvVars: []string{"BASED_PRECONF_MAX_BLOBS"}},
		&cli.StringFlag{Name: flagPreconfFloor, Value: d.Floor.String(), Usage: "tip floor in wei per gas on an empty slot", EnvVars: []string{"BASED_PRECONF_FLOOR"}},
		&cli.StringFlag{Name: flagPreconfRegistry, Usage: "Registry address: read the collateral (the committer's operator's free collateral) and, when --preconf.slasher is not given, the slasher from it at start; needs --execution-url", EnvVars: []string{"BASED_PRECONF_REGISTRY"}},
		&cli.DurationFlag{Name: flagPreconfRefresh, Value: time.Minute, Usage: "how often the collateral is re-read from --preconf.registry (0: only at start)", EnvVars: []string{"BASED_PRECONF_COLLATERAL_REFRESH"}},
		&cli.StringFlag{Name: flagPreconfColl, Value: d.Collateral.String(), Usage: "collateral in wei that bounds outstanding penalties (when no --preconf.registry is given)", EnvVars: []string{"BASED_PRECONF_COLLATERAL"}},
		&cli.Uint64Flag{Name: flagPreconfFinality, Value: d.FinalityDelay, Usage: "slots after its slot a promise stays outstanding", EnvVars: []string{"BASED_PRECONF_FINALITY_DELAY"}},
		&cli.Uint64Flag{Name: flagPreconfRetain, Value: d.Retention, Usage: "slots the commitment log keeps before pruning (the challenge window)", EnvVars: []string{"BASED_PRECONF_RETENTION"}},
		&cli.Float64Flag{Name: flagPreconfSender, Value: d.SenderRate, Usage: "requests per second per sender; 0: no limit", EnvVars: []string{"BASED_PRECONF_SENDER_RATE"}},
		&cli.BoolFlag{Name: flagNoDefender, Usage: "do not answer challenges against our operator (the defender is on whenever --preconf.registry is given: without it, anyone can take the collateral of a kept promise by challenging it)", EnvVars: []string{"BASED_DEFENDER_OFF"}},
		&cli.StringSliceFlag{Name: flagRollup, Usage: "a rollup served at /rollup/{chainId} of --rpc.addr, with its own pool: chain=<chain id>,rpc=<its node's JSON-RPC URL>,gas-limit=<L2 block gas limit>[,min-tip=<wei>][,operator=<0x L2 address external blocks pay>]; repeat for each rollup", EnvVars: []string{"BASED_ROLLUP"}},
		&cli.BoolFlag{Name: flagPreconfSynth, Usage: "LOAD TESTS ONLY: a synthetic chain where every slot is ours and every account funded, with its own chain id (3151908, unless --preconf.chain-id) and an ephemeral committer key unless --preconf.keystore is given", EnvVars: []string{"BASED_PRECONF_SYNTHETIC_CHAIN"}},
	}
}

// applyPreconfFlags copies the promise engine's flags into cfg.
func applyPreconfFlags(c *cli.Context, cfg *sidecar.Config) error {
	cfg.RPCAddr = c.String(flagRPCAddr)
	cfg.RPC = rpc.DefaultConfig()
	cfg.RPC.BodyLimit = c.Int(flagRPCBodyLimit)
	cfg.RPC.IPRate = c.Float64(flagRPCIPRate)
	if r := cfg.RPC.IPRate; r < 0 || r > rpc.MaxRate || math.IsNaN(r) {
		return fmt.Errorf("--%s %g: must be between 0 and %g", flagRPCIPRate, r, float64(rpc.MaxRate))
	}
	cfg.RPC.IPBurst = int(2*cfg.RPC.IPRate) + 1
	cfg.RPC.MaxConns = c.Int(flagRPCMaxConns)
	p := preconf.DefaultConfig()
	if path := c.Path(flagPreconfKeystore); path != "" {
		k, err := keys.LoadCommitter(path, c.Path(flagPreconfPassword))
		if err != nil {
			return fmt.Errorf("--%s: %w", flagPreconfKeystore, err)
		}
		p.Key = k
	}
	if id := c.Uint64(flagPreconfChainID); id != 0 {
		p.Domain.ChainID = new(big.Int).SetUint64(id)
	}
	if s := c.String(flagPreconfSlasher); !common.IsHexAddress(s) {
		return fmt.Errorf("--%s %q: not an address", flagPreconfSlasher, s)
	} else {
		p.Domain.VerifyingContract = common.HexToAddress(s)
	}
	p.MaxGas = c.Uint64(flagPreconfMaxGas)
	if n := c.Uint(flagPreconfMaxCount); n == 0 || n > math.MaxUint32 {
		return fmt.Errorf("--%s %d: must be between 1 and %d", flagPreconfMaxCount, n, uint32(math.MaxUint32))
	} else {
		p.MaxCount = uint32(n)
	}
	p.MaxBlobs = c.Int(flagPreconfMaxBlobs)
	var ok bool
	if p.Floor, ok = new(big.Int).SetString(c.String(flagPreconfFloor), 10); !ok {
		return fmt.Errorf("--%s %q: not a decimal wei amount", flagPreconfFloor, c.String(flagPreconfFloor))
	}
	if p.Collateral, ok = new(big.Int).SetString(c.String(flagPreconfColl), 10); !ok {
		return fmt.Errorf("--%s %q: not a decimal wei amount", flagPreconfColl, c.String(flagPreconfColl))
	}
	p.FinalityDelay = c.Uint64(flagPreconfFinality)
	p.Retention = c.Uint64(flagPreconfRetain)
	p.SenderRate = c.Float64(flagPreconfSender)
	if r := p.SenderRate; r < 0 || r > rpc.MaxRate || math.IsNaN(r) {
		return fmt.Errorf("--%s %g: must be between 0 and %g", flagPreconfSender, r, float64(rpc.MaxRate))
	}
	p.SenderBurst = int(2*p.SenderRate) + 1
	cfg.Preconf = p
	rollups, err := rollup.ParseFlags(c.StringSlice(flagRollup))
	if err != nil {
		return fmt.Errorf("--%s %w", flagRollup, err)
	}
	cfg.Rollups = rollups
	if r := c.String(flagPreconfRegistry); r != "" {
		if !common.IsHexAddress(r) {
			return fmt.Errorf("--%s %q: not an address", flagPreconfRegistry, r)
		}
		cfg.PreconfRegistry = common.HexToAddress(r)
	}
	if cfg.CollateralRefresh = c.Duration(flagPreconfRefresh); cfg.CollateralRefresh < 0 {
		return fmt.Errorf("--%s %s: must not be negative", flagPreconfRefresh, cfg.CollateralRefresh)
	}
	cfg.SyntheticChain = c.Bool(flagPreconfSynth)
	cfg.NoDefender = c.Bool(flagNoDefender)
	return nil
}
