package sidecar

import (
	"context"
	"fmt"
	"log/slog"
	"math/big"
	"net"
	"net/http"
	"strings"
	"sync"
	"time"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/builderapi"
	"github.com/basedsidecar/based/sidecar/chain"
	"github.com/basedsidecar/based/sidecar/faults"
	"github.com/basedsidecar/based/sidecar/keys"
	"github.com/basedsidecar/based/sidecar/localblock"
	"github.com/basedsidecar/based/sidecar/relay"
	"github.com/basedsidecar/based/sidecar/sequencer"
)

// LocalBlockConfig configures our own block.
type LocalBlockConfig struct {
	// KeyFile is the EIP-2335 keystore of the builder BLS key that signs our
	// bids, and PasswordFile its password; empty turns our block off.
	KeyFile, PasswordFile string
	// ExtraData is our block's extra data.
	ExtraData string
	// PayerKeyFile is the secp256k1 key (keystore v3 with PayerPasswordFile,
	// or hex) of an account that tops our block up over the beacon node's own
	// (localblock.Payer); empty: no top-up.
	PayerKeyFile, PayerPasswordFile string
	// PayerMaxGwei is the most one block may be topped up by.
	PayerMaxGwei uint64
}

// validateBuilder checks the Builder API fields of c.
func (c Config) validateBuilder() error {
	if c.BuilderAddr != "" {
		if _, _, err := net.SplitHostPort(c.BuilderAddr); err != nil {
			return fmt.Errorf("%w: builder.addr %q: %v", ErrConfig, c.BuilderAddr, err)
		}
	}
	keys := map[phase0.BLSPubKey]bool{}
	for _, r := range c.Relays {
		_, pk, err := relay.ParseURL(r)
		if err != nil {
			return fmt.Errorf("%w: relay: %w", ErrConfig, err)
		}
		keys[pk] = true
	}
	if _, err := trustedRelays(c.TrustedRelays, keys); err != nil {
		return err
	}
	if lb := c.LocalBlock; lb.KeyFile == "" && lb.PayerKeyFile != "" {
		return fmt.Errorf("%w: builder.payer-key needs builder.key", ErrConfig)
	}
	if lb := c.LocalBlock; lb.KeyFile != "" {
		switch {
		case c.BuilderAddr == "":
			return fmt.Errorf("%w: builder.key needs builder.addr", ErrConfig)
		case lb.PasswordFile == "":
			return fmt.Errorf("%w: builder.key needs builder.password-file", ErrConfig)
		case len(c.Chain.BeaconURLs) == 0 || c.Chain.ExecutionURL == "" || c.Chain.EngineURL == "":
			return fmt.Errorf("%w: builder.key needs beacon-url, execution-url, engine-url and jwt-secret", ErrConfig)
		case len(lb.ExtraData) > 32:
			return fmt.Errorf("%w: builder.extra-data: %d bytes, at most 32", ErrConfig, len(lb.ExtraData))
		case lb.PayerKeyFile != "" && lb.PayerMaxGwei == 0:
			return fmt.Errorf("%w: builder.payer-max-gwei: 0 would never pay; leave builder.payer-key out instead", ErrConfig)
		}
	}
	return nil
}

// trustedRelays reads --relay.trusted values (a relay's URL or its public
// key), each of which must name a configured relay.
func trustedRelays(vals []string, configured map[phase0.BLSPubKey]bool) (map[phase0.BLSPubKey]bool, error) {
	out := map[phase0.BLSPubKey]bool{}
	for _, v := range vals {
		var pk phase0.BLSPubKey
		if strings.Contains(v, "://") {
			_, k, err := relay.ParseURL(v)
			if err != nil {
				return nil, fmt.Errorf("%w: relay.trusted: %w", ErrConfig, err)
			}
			pk = k
		} else {
			b := common.FromHex(v)
			if !strings.HasPrefix(v, "0x") || len(b) != len(pk) {
				return nil, fmt.Errorf("%w: relay.trusted %q: want a relay URL or its 0x public key (48 bytes)", ErrConfig, v)
			}
			copy(pk[:], b)
		}
		if !configured[pk] {
			return nil, fmt.Errorf("%w: relay.trusted %s: not the key of any --relay", ErrConfig, pk)
		}
		out[pk] = true
	}
	return out, nil
}

// relayChain gives the relay verifier the chain view and the promised
// transactions; either may be nil (not configured).
type relayChain struct {
	view   *chain.View
	engine *preconf.Engine
	cons   localblock.Constraints // when set, the slot's constraints (the shared batch, then the promises)
}

// Timing is the beacon genesis, slot length and genesis fork version.
func (r *relayChain) Timing() (time.Time, time.Duration, phase0.Version, bool) {
	v := r.view
	if v == nil {
		return time.Time{}, 0, phase0.Version{}, false
	}
	g, ok := v.Genesis()
	if !ok {
		return time.Time{}, 0, phase0.Version{}, false
	}
	c, ok := v.Clock()
	if !ok {
		return time.Time{}, 0, phase0.Version{}, false
	}
	return g.Time, c.SlotDuration(), phase0.Version(g.ForkVersion), true
}

// Proposer is the slot's proposer from the lookahead.
func (r *relayChain) Proposer(slot uint64) (phase0.BLSPubKey, bool) {
	v := r.view
	if v == nil {
		return phase0.BLSPubKey{}, false
	}
	d, ok := v.Duty(slot)
	return phase0.BLSPubKey(d.Pubkey), ok
}

// SlotConstraints are the slot's binding constraints in block order: the shared batch tx
// (when rollups are sequenced), then the promised L1 transactions in promise order.
func (r *relayChain) SlotConstraints(slot uint64) ([][]byte, error) {
	if r.cons != nil {
		var out [][]byte
		for _, c := range r.cons.Constraints(slot) {
			if c.Void == "" {
				out = append(out, c.Raw)
			}
		}
		return out, nil
	}
	e := r.engine
	if e == nil {
		return nil, nil
	}
	var out [][]byte
	for _, p := range e.SlotTxs(slot) {
		if p.Void == "" {
			out = append(out, p.Raw)
		}
	}
	return out, nil
}

// parentGasLimits reads a block's gas limit from the execution client, caching the last few.
type parentGasLimits struct {
	el *ethclient.Client
	mu sync.Mutex
	m  map[common.Hash]uint64
}

// GasLimit returns the gas limit of the block with hash h.
func (p *parentGasLimits) GasLimit(ctx context.Context, h common.Hash) (uint64, error) {
	p.mu.Lock()
	g, ok := p.m[h]
	p.mu.Unlock()
	if ok {
		return g, nil
	}
	hd, err := p.el.HeaderByHash(ctx, h)
	if err != nil {
		return 0, err
	}
	p.mu.Lock()
	if len(p.m) > 64 {
		clear(p.m)
	}
	p.m[h] = hd.GasLimit
	p.mu.Unlock()
	return hd.GasLimit, nil
}

// localBlock starts our own block when a builder key is configured.
func localBlock(ctx context.Context, cfg Config, view *chain.View, engine *preconf.Engine, seq *sequencer.Sequencer, drops *faults.Drops, registrations *builderapi.Registrations, reg prometheus.Registerer, log *slog.Logger) (*localblock.Service, []component, error) {
	lb := cfg.LocalBlock
	if lb.KeyFile == "" || view == nil || view.Engine() == nil {
		if lb.KeyFile != "" {
			return nil, nil, fmt.Errorf("%w: builder.key needs the chain view with an Engine API", ErrConfig)
		}
		return nil, nil, nil
	}
	sk, err := keys.LoadBLSKey(lb.KeyFile, lb.PasswordFile)
	if err != nil {
		return nil, nil, fmt.Errorf("%w: builder.key: %w", ErrConfig, err)
	}
	eth, err := gethrpc.DialContext(ctx, cfg.Chain.ExecutionURL)
	if err != nil {
		return nil, nil, fmt.Errorf("local block: execution client: %w", err)
	}
	var cons localblock.Constraints = noConstraints{}
	if engine != nil {
		cons = localblock.Promises{Engine: engine}
	}
	if seq != nil {
		cons = seq // the shared batch first, then the promised L1 txs
	}
	if drops != nil {
		cons = dropping{inner: cons, drops: drops}
	}
	l := log.With("component", "localblock")
	b := localblock.NewBuilder(eth, view.Engine().Client(), cons, []byte(lb.ExtraData), reg, l)
	b.FillBlobs(view.MaxBlobs) // the public pool's blob txs too, as the beacon node's own block would hold
	if engine != nil {
		var later localblock.LaterPromises = engine
		if drops != nil {
			later = foreignBlocks{inner: engine, drops: drops}
		}
		b.KeepLater(later) // a nonce promised for a later slot is not spent by an earlier block of ours
	}
	if lb.PayerKeyFile != "" {
		key, err := keys.LoadCommitter(lb.PayerKeyFile, lb.PayerPasswordFile)
		if err != nil {
			eth.Close()
			return nil, nil, fmt.Errorf("%w: builder.payer-key: %w", ErrConfig, err)
		}
		if ck := cfg.Preconf.Key; ck != nil && ck.Equal(key) {
			eth.Close()
			return nil, nil, fmt.Errorf("%w: builder.payer-key is the committer key: the payer's transfers would take the nonces of the defences", ErrConfig)
		}
		var id hexutil.Big
		if err := eth.CallContext(ctx, &id, "eth_chainId"); err != nil {
			eth.Close()
			return nil, nil, fmt.Errorf("local block: execution client chain id: %w", err)
		}
		maxPay := new(big.Int).Mul(new(big.Int).SetUint64(lb.PayerMaxGwei), big.NewInt(params.GWei))
		b.PayToWin(&localblock.Payer{Key: key, ChainID: id.ToInt(), Max: maxPay})
		l.Info("our block is topped up over the beacon node's own", "payer", crypto.PubkeyToAddress(key.PublicKey), "max_gwei", lb.PayerMaxGwei)
	}
	bidder := func() (*localblock.Bidder, error) {
		g, ok := view.Genesis()
		if !ok {
			return nil, fmt.Errorf("local block: genesis not known yet")
		}
		return localblock.NewBidder(sk, g.ForkVersion)
	}
	pub := localblock.NewPublisher(cfg.Chain.BeaconURLs[0], &http.Client{Timeout: 10 * time.Second})
	s := localblock.NewService(b, view, registrations, bidder, pub, reg, l)
	l.Info("our own block on", "extra_data", lb.ExtraData, "promises", engine != nil)
	return s, []component{{name: "localblock", run: func(ctx context.Context) error {
		defer eth.Close()
		return s.Run(ctx)
	}}}, nil
}

// noConstraints is the constraint source without a promise engine.
type noConstraints struct{}

func (noConstraints) Constraints(uint64) []localblock.Constraint { return nil }

// builderServer binds the Builder API listener when BuilderAddr is set.
func builderServer(ctx context.Context, cfg Config, local *localblock.Service, rc *relayChain, registrations *builderapi.Registrations, reg prometheus.Registerer, log *slog.Logger) (*server, error) {
	if cfg.BuilderAddr == "" {
		return nil, nil
	}
	keys := map[phase0.BLSPubKey]bool{}
	for _, r := range cfg.Relays {
		if _, pk, err := relay.ParseURL(r); err == nil {
			keys[pk] = true
		}
	}
	trusted, err := trustedRelays(cfg.TrustedRelays, keys)
	if err != nil {
		return nil, err
	}
	vc := relay.VerifierConfig{Chain: rc, Constraints: rc, Trusted: trusted}
	if cfg.Chain.ExecutionURL != "" {
		el, err := ethclient.DialContext(ctx, cfg.Chain.ExecutionURL)
		if err != nil {
			return nil, fmt.Errorf("relay verifier: %w", err)
		}
		vc.Parents = &parentGasLimits{el: el, m: map[common.Hash]uint64{}}
		context.AfterFunc(ctx, el.Close)
	}
	verifier := relay.NewVerifier(vc, reg)
	hc := &http.Client{Timeout: 10 * time.Second}
	relays := make([]builderapi.Relay, 0, len(cfg.Relays))
	for _, r := range cfg.Relays {
		_, pk, _ := relay.ParseURL(r)
		proofs := func(slot uint64) bool { return !trusted[pk] && verifier.HasConstraints(slot) }
		c, err := relay.New(r, hc, relay.WithProofsFor(proofs))
		if err != nil {
			return nil, fmt.Errorf("%w: relay: %w", ErrConfig, err)
		}
		relays = append(relays, c)
	}
	opts := []builderapi.Option{builderapi.WithRegistrations(registrations),
		builderapi.WithBidChecker(builderapi.VerifiedBids{Verifier: verifier, Registrations: registrations})}
	if local != nil {
		opts = append(opts, builderapi.WithLocalBlock(local))
	}
	api := builderapi.New(relays, reg, log.With("component", "builderapi"), opts...)
	return listen(ctx, "builder", cfg.BuilderAddr, api.Handler(), log)
}
