// Package devnet runs a one-command local proof-of-stake network of real
// clients (geth, Prysm beacon node and validator, mev-boost-relay with Redis
// and PostgreSQL) with the based sidecar in the beacon node's builder path.
package devnet

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	mrand "math/rand/v2"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/flashbots/go-boost-utils/bls"
)

// Config describes one devnet run.
type Config struct {
	// DataDir is the run's folder: genesis, client databases, logs and the
	// state file. It is created; an existing devnet.json in it is refused.
	DataDir string
	// Bins are the client executables (see Build).
	Bins Binaries
	// Sidecar is the based executable run as `based run`.
	Sidecar string
	// Slot is the slot duration in whole seconds; zero means 4 s.
	Slot time.Duration
	// GenesisDelay is the time from start to genesis; zero means 20 s.
	GenesisDelay time.Duration
	// NoRelay skips Redis, PostgreSQL and mev-boost-relay.
	NoRelay bool
	// Faults turns on the sidecar's fault injection (--testing.faults-addr), for tests
	// that break promises on purpose; Endpoints.Faults is its address.
	Faults bool
	// Out receives progress lines; nil discards them.
	Out io.Writer
}

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("devnet: invalid configuration")

func (c *Config) defaults() error {
	if c.DataDir == "" {
		return fmt.Errorf("%w: DataDir: must not be empty", ErrConfig)
	}
	if c.Sidecar == "" {
		return fmt.Errorf("%w: Sidecar: must not be empty", ErrConfig)
	}
	if c.Slot == 0 {
		c.Slot = 4 * time.Second
	}
	if c.Slot < time.Second || c.Slot%time.Second != 0 {
		return fmt.Errorf("%w: Slot %s: must be whole seconds, at least 1 s", ErrConfig, c.Slot)
	}
	if c.GenesisDelay == 0 {
		c.GenesisDelay = 20 * time.Second
	}
	if c.Out == nil {
		c.Out = io.Discard
	}
	return nil
}

// Endpoints are the URLs and addresses a user or test talks to.
type Endpoints struct {
	ExecutionHTTP string `json:"execution_http"`
	ExecutionWS   string `json:"execution_ws"`
	EngineAPI     string `json:"engine_api"`
	BeaconAPI     string `json:"beacon_api"`
	BeaconGRPC    string `json:"beacon_grpc"`
	BuilderAPI    string `json:"builder_api"`
	SidecarMetric string `json:"sidecar_metrics"`
	PreconfRPC    string `json:"preconf_rpc"`
	// Faults is the sidecar's fault API (with Config.Faults only).
	Faults string `json:"faults,omitempty"`
	Relay  string `json:"relay,omitempty"`
	// RelayPubkey is the relay's BLS public key, which signs its bids.
	RelayPubkey string `json:"relay_pubkey,omitempty"`
	// Blocksim validates the relay's builder submissions on geth (`based blocksim`).
	Blocksim string `json:"blocksim,omitempty"`
	Redis    string `json:"redis,omitempty"`
	Postgres string `json:"postgres,omitempty"`
}

// State is what devnet.json in the data folder records about a running devnet.
type State struct {
	Supervisor  int       `json:"supervisor_pid"`
	GenesisTime time.Time `json:"genesis_time"`
	SlotSeconds int       `json:"slot_seconds"`
	ChainID     int       `json:"chain_id"`
	Endpoints   Endpoints `json:"endpoints"`
	Accounts    []Account `json:"accounts"`
	// Rollups are the devnet's example rollups, each with its geth and rollup node.
	Rollups   []Rollup `json:"rollups,omitempty"`
	Processes []*proc  `json:"processes"`
	TempDirs  []string `json:"temp_dirs,omitempty"`
}

// StateFile is the name of the state file in the data folder.
const StateFile = "devnet.json"

// Net is a running devnet.
type Net struct {
	cfg   Config
	State State

	mu       sync.Mutex
	procs    map[string]*proc
	specs    map[string]procSpec
	stopping bool
	failed   chan error
	// relayKey is the relay's BLS secret key; the sidecar's --relay URL
	// carries its public key.
	relayKey []byte
}

// ports allocates n distinct free TCP ports on 127.0.0.1, below the kernel's
// ephemeral range when the range leaves room: a port the kernel may hand to a
// :0 listener or an outgoing connection in the seconds before a process binds
// it would make that process fail to start (seen with the rollup nodes, which
// start a minute after their ports were chosen).
func ports(n int) ([]int, error) {
	lo, hi := fixedPorts(ephemeralLow())
	if hi-lo < 4*n {
		return kernelPorts(n)
	}
	lns := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	out := make([]int, 0, n)
	start := lo + mrand.IntN(hi-lo)
	for i := 0; i < hi-lo && len(out) < n; i++ {
		p := lo + (start-lo+i)%(hi-lo)
		l, err := net.Listen("tcp", hostPort(p))
		if err != nil {
			continue // taken
		}
		lns = append(lns, l)
		out = append(out, p)
	}
	if len(out) < n {
		return nil, fmt.Errorf("free port: only %d of %d free in [%d, %d)", len(out), n, lo, hi)
	}
	return out, nil
}

// fixedPorts is the range ports takes from: from 10000 up to the ephemeral
// range's first port (empty when that is below 10000).
func fixedPorts(ephemeralLow int) (lo, hi int) {
	return 10000, max(10000, ephemeralLow)
}

// ephemeralLow is the first port of the kernel's ephemeral range (Linux), or
// 0 when it cannot be read.
func ephemeralLow() int {
	b, err := os.ReadFile("/proc/sys/net/ipv4/ip_local_port_range")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) == 0 {
		return 0
	}
	lo, err := strconv.Atoi(f[0])
	if err != nil {
		return 0
	}
	return lo
}

// kernelPorts allocates n distinct free ports the kernel picks (:0).
func kernelPorts(n int) ([]int, error) {
	lns := make([]net.Listener, 0, n)
	defer func() {
		for _, l := range lns {
			l.Close()
		}
	}()
	out := make([]int, 0, n)
	for range n {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, fmt.Errorf("free port: %w", err)
		}
		lns = append(lns, l)
		out = append(out, l.Addr().(*net.TCPAddr).Port)
	}
	return out, nil
}

func hostPort(p int) string { return net.JoinHostPort("127.0.0.1", strconv.Itoa(p)) }

// Up generates a genesis, starts every process and returns once the beacon
// node, the sidecar and (unless NoRelay) the relay answer. On error it stops
// what it started. Stop the network with Close.
func Up(ctx context.Context, cfg Config) (*Net, error) {
	if err := cfg.defaults(); err != nil {
		return nil, err
	}
	dir, err := filepath.Abs(cfg.DataDir)
	if err != nil {
		return nil, err
	}
	cfg.DataDir = dir
	if err := clearDataDir(dir); err != nil {
		return nil, err
	}
	for _, d := range []string{"logs", "geth", "beacon", "validator", "sidecar"} {
		if err := os.MkdirAll(filepath.Join(dir, d), 0o755); err != nil {
			return nil, err
		}
	}
	n := &Net{cfg: cfg, procs: map[string]*proc{}, specs: map[string]procSpec{}, failed: make(chan error, 1)}
	n.State.Supervisor = os.Getpid()
	n.State.SlotSeconds = int(cfg.Slot / time.Second)
	n.State.ChainID = ChainID
	if err := n.up(ctx); err != nil {
		n.Close()
		return nil, err
	}
	return n, nil
}

// clearDataDir makes dir an empty folder; it refuses a folder that holds a
// running devnet or anything that is not a previous devnet run.
func clearDataDir(dir string) error {
	if _, err := os.Stat(filepath.Join(dir, StateFile)); err == nil {
		return fmt.Errorf("%w: DataDir %s: holds a devnet already (run `based devnet down`)", ErrConfig, dir)
	}
	ents, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) || (err == nil && len(ents) == 0) {
		return os.MkdirAll(dir, 0o755)
	}
	if err != nil {
		return err
	}
	if _, err := os.Stat(filepath.Join(dir, "chain-config.yaml")); err != nil {
		return fmt.Errorf("%w: DataDir %s: not empty and not a previous devnet run", ErrConfig, dir)
	}
	for _, e := range ents {
		if err := os.RemoveAll(filepath.Join(dir, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// Port indices into the slice ports() returns.
const (
	pGethHTTP = iota
	pGethWS
	pGethAuth
	pBeaconRPC
	pBeaconHTTP
	pBeaconMon
	pBeaconTCP
	pBeaconUDP
	pBeaconQUIC
	pValMon
	pBuilder
	pSidecarMetrics
	pRedis
	pPostgres
	pRelay
	pPreconfRPC
	pFaults
	pBlocksim
	numPorts
)

func (n *Net) up(ctx context.Context) error {
	cfg, dir := n.cfg, n.cfg.DataDir
	logs := filepath.Join(dir, "logs")
	p, err := ports(numPorts)
	if err != nil {
		return err
	}
	ep := &n.State.Endpoints
	ep.ExecutionHTTP = "http://" + hostPort(p[pGethHTTP])
	ep.ExecutionWS = "ws://" + hostPort(p[pGethWS])
	ep.EngineAPI = "http://" + hostPort(p[pGethAuth])
	ep.BeaconAPI = "http://" + hostPort(p[pBeaconHTTP])
	ep.BeaconGRPC = hostPort(p[pBeaconRPC])
	ep.BuilderAPI = "http://" + hostPort(p[pBuilder])
	ep.SidecarMetric = "http://" + hostPort(p[pSidecarMetrics]) + "/metrics"
	if !cfg.NoRelay {
		key, pub, err := relayKey()
		if err != nil {
			return err
		}
		n.relayKey = key
		ep.Relay = "http://" + hostPort(p[pRelay])
		ep.RelayPubkey = pub
		ep.Blocksim = "http://" + hostPort(p[pBlocksim])
		ep.Redis = hostPort(p[pRedis])
		ep.Postgres = fmt.Sprintf("postgres://postgres@%s/postgres?sslmode=disable", hostPort(p[pPostgres]))
	}

	// Genesis.
	start := time.Now().Add(cfg.GenesisDelay).Truncate(time.Second)
	fmt.Fprintf(cfg.Out, "genesis at %s (%d validators, %s slots)\n", start.Format(time.RFC3339), NumValidators, cfg.Slot)
	g, err := makeGenesis(ctx, dir, cfg.Bins, cfg.Slot, start, filepath.Join(logs, "genesis.log"))
	if err != nil {
		return err
	}
	n.State.GenesisTime = start
	n.State.Accounts = g.Accounts
	feeRecipient := g.Accounts[0].Address.Hex()

	// geth.
	gethDir := filepath.Join(dir, "geth")
	gethConf := filepath.Join(dir, "geth.toml")
	if err := os.WriteFile(gethConf, []byte(gethConfig), 0o644); err != nil {
		return err
	}
	if err := runTool(ctx, filepath.Join(logs, "geth-init.log"), cfg.Bins.Geth, "init", "--datadir", gethDir, "--state.scheme=path", g.ELJSON); err != nil {
		return err
	}
	if err := n.start(procSpec{name: "geth", bin: cfg.Bins.Geth, args: []string{
		"--config", gethConf, "--datadir", gethDir, "--networkid", strconv.Itoa(ChainID),
		"--http", "--http.addr", "127.0.0.1", "--http.port", strconv.Itoa(p[pGethHTTP]), "--http.api", "eth,net,web3,txpool,debug,testing", "--rpc.gascap", "0",
		"--ws", "--ws.addr", "127.0.0.1", "--ws.port", strconv.Itoa(p[pGethWS]), "--ws.api", "eth,net,web3,txpool",
		"--authrpc.addr", "127.0.0.1", "--authrpc.port", strconv.Itoa(p[pGethAuth]), "--authrpc.jwtsecret", g.JWT,
		"--ipcdisable", "--syncmode", "full", "--gcmode", "archive", "--nat", "none",
		// The beacon node's own block takes in new txs every 250 ms, not every 2 s: a slot of 2 s.
		"--miner.recommit", "250ms",
	}}); err != nil {
		return err
	}

	// The rollups' geths (their genesis is at the L1 genesis time); their nodes start once
	// the inbox is deployed.
	var rollups []*Rollup
	for _, id := range RollupChainIDs {
		r, err := n.startRollupGeth(ctx, fmt.Sprintf("rollup-%d", id), id)
		if err != nil {
			return err
		}
		rollups = append(rollups, r)
	}

	// Beacon node, with the sidecar as its builder.
	if err := n.start(procSpec{name: "beacon", bin: cfg.Bins.BeaconChain, args: []string{
		"--datadir", filepath.Join(dir, "beacon"), "--accept-terms-of-use",
		"--chain-config-file", g.ConfigYML, "--genesis-state", g.StateSSZ,
		"--execution-endpoint", ep.EngineAPI, "--jwt-secret", g.JWT,
		"--interop-eth1data-votes", "--min-sync-peers", "0", "--no-discovery", "--bootstrap-node=",
		"--p2p-local-ip", "127.0.0.1", "--p2p-host-ip", "127.0.0.1", "--p2p-max-peers", "0",
		"--p2p-tcp-port", strconv.Itoa(p[pBeaconTCP]), "--p2p-udp-port", strconv.Itoa(p[pBeaconUDP]), "--p2p-quic-port", strconv.Itoa(p[pBeaconQUIC]),
		"--rpc-host", "127.0.0.1", "--rpc-port", strconv.Itoa(p[pBeaconRPC]),
		"--http-host", "127.0.0.1", "--http-port", strconv.Itoa(p[pBeaconHTTP]),
		"--monitoring-host", "127.0.0.1", "--monitoring-port", strconv.Itoa(p[pBeaconMon]),
		"--deposit-contract", DepositContract, "--contract-deployment-block", "0",
		"--suggested-fee-recipient", feeRecipient, "--disable-staking-contract-check",
		"--http-mev-relay", ep.BuilderAPI,
		"--max-builder-epoch-missed-slots=33", "--max-builder-consecutive-missed-slots=1000",
		"--prepare-all-payloads", "--local-block-value-boost", "0",
	}, restart: true, restartArgs: []string{"--sync-from=head"}}); err != nil {
		return err
	}

	// Sidecar; the relay may come up after it.
	sidecarArgs := []string{"run", "--datadir", filepath.Join(dir, "sidecar"),
		"--metrics.addr", hostPort(p[pSidecarMetrics]), "--builder.addr", hostPort(p[pBuilder])}
	if ep.Relay != "" {
		sidecarArgs = append(sidecarArgs, "--relay", strings.Replace(ep.Relay, "://", "://"+ep.RelayPubkey+"@", 1))
	}
	if err := n.start(procSpec{name: "sidecar", bin: cfg.Sidecar, args: sidecarArgs, restart: true}); err != nil {
		return err
	}

	// Validator client with the builder enabled.
	if err := n.start(procSpec{name: "validator", bin: cfg.Bins.Validator, args: []string{
		"--datadir", filepath.Join(dir, "validator"), "--accept-terms-of-use",
		"--chain-config-file", g.ConfigYML,
		"--beacon-rpc-provider", ep.BeaconGRPC,
		"--interop-num-validators", strconv.Itoa(NumValidators), "--interop-start-index", "0",
		"--suggested-fee-recipient", feeRecipient, "--enable-builder",
		"--monitoring-host", "127.0.0.1", "--monitoring-port", strconv.Itoa(p[pValMon]),
	}}); err != nil {
		return err
	}

	if err := waitHTTP(ctx, ep.BeaconAPI+"/eth/v1/node/version", 2*time.Minute); err != nil {
		return fmt.Errorf("beacon node: %w (see %s)", err, filepath.Join(logs, "beacon.log"))
	}
	// The Builder API's status says 200 only once a bid can be served (a relay up,
	// or our own block); here neither is yet, so the metrics listener says it is up.
	if err := waitHTTP(ctx, ep.SidecarMetric, 30*time.Second); err != nil {
		return fmt.Errorf("sidecar: %w (see %s)", err, filepath.Join(logs, "sidecar.log"))
	}
	if !cfg.NoRelay {
		if err := n.startRelay(ctx, p); err != nil {
			return err
		}
		if err := waitHTTP(ctx, ep.BuilderAPI+"/eth/v1/builder/status", 30*time.Second); err != nil {
			return fmt.Errorf("sidecar's builder status with the relay up: %w (see %s)", err, filepath.Join(logs, "sidecar.log"))
		}
	}
	// The based contracts, with the operator registered for every validator and the rollups
	// in the inbox (contracts.go).
	if err := n.deployContracts(ctx, rollups); err != nil {
		return err
	}
	// The rollups' nodes derive from the inbox and follow the sidecar's rollupBlocks stream
	// (on the promise API's address, served once the sidecar is restarted with it); the
	// sidecar serves and sequences them (rollups.go).
	ep.PreconfRPC = "http://" + hostPort(p[pPreconfRPC])
	for _, r := range rollups {
		if err := n.launchRollupNode(ctx, r); err != nil {
			return err
		}
	}
	for _, r := range rollups {
		if err := n.waitRollupNode(ctx, r); err != nil {
			return err
		}
	}
	// With the operator registered, the sidecar can sell promises (promises.go).
	n.mu.Lock()
	for _, r := range rollups {
		r.Wallet = fmt.Sprintf("%s/rollup/%d", ep.PreconfRPC, r.ChainID)
		n.State.Rollups = append(n.State.Rollups, *r)
	}
	n.mu.Unlock()
	if cfg.Faults {
		ep.Faults = "http://" + hostPort(p[pFaults])
	}
	if err := n.enablePromises(ctx, hostPort(p[pPreconfRPC])); err != nil {
		return err
	}
	return n.save()
}

// gethConfig opens no p2p socket (geth has no flag for the listen address).
const gethConfig = `[Node.P2P]
MaxPeers = 0
NoDiscovery = true
DiscoveryV4 = false
DiscoveryV5 = false
ListenAddr = ""
`

// startRelay starts Redis, PostgreSQL and mev-boost-relay api and housekeeper.
func (n *Net) startRelay(ctx context.Context, p []int) error {
	dir, ep := n.cfg.DataDir, &n.State.Endpoints
	logs := filepath.Join(dir, "logs")
	rdir := filepath.Join(dir, "redis")
	if err := os.MkdirAll(rdir, 0o755); err != nil {
		return err
	}
	rs, err := redisSpec(rdir, p[pRedis])
	if err != nil {
		return err
	}
	if err := n.start(rs); err != nil {
		return err
	}
	cred, err := postgresUser()
	if err != nil {
		return err
	}
	pgDir, err := postgresDir(dir, cred)
	if err != nil {
		return err
	}
	if cred != nil {
		n.State.TempDirs = append(n.State.TempDirs, pgDir)
	}
	if err := initPostgres(ctx, pgDir, filepath.Join(logs, "postgres-init.log"), cred); err != nil {
		return err
	}
	ps, err := postgresSpec(pgDir, p[pPostgres], cred)
	if err != nil {
		return err
	}
	if err := n.start(ps); err != nil {
		return err
	}
	if err := waitTCP(ctx, ep.Redis, 30*time.Second); err != nil {
		return fmt.Errorf("redis: %w", err)
	}
	if err := waitTCP(ctx, hostPort(p[pPostgres]), 60*time.Second); err != nil {
		return fmt.Errorf("postgres: %w (see %s)", err, filepath.Join(logs, "postgres.log"))
	}
	gvr, err := genesisValidatorsRoot(ctx, ep.BeaconAPI)
	if err != nil {
		return err
	}
	env := []string{
		"SEC_PER_SLOT=" + strconv.Itoa(n.State.SlotSeconds),
		"GENESIS_VALIDATORS_ROOT=" + gvr,
	}
	for _, f := range forkVersions {
		if f.Name != "ALTAIR" {
			env = append(env, f.Name+"_FORK_VERSION="+f.Version)
		}
	}
	// Block validation for builder submissions, on geth through the Engine API.
	if err := n.start(procSpec{name: "blocksim", bin: n.cfg.Sidecar, args: []string{"blocksim",
		"--addr", hostPort(p[pBlocksim]), "--execution-url", ep.ExecutionHTTP, "--engine-url", ep.EngineAPI,
		"--jwt-secret", filepath.Join(dir, "jwt.hex")}, restart: true}); err != nil {
		return err
	}
	common := []string{"--network", "custom", "--beacon-uris", n.State.Endpoints.BeaconAPI,
		"--redis-uri", ep.Redis, "--db", ep.Postgres}
	key := n.relayKey
	if err := n.start(procSpec{name: "relay-api", bin: n.cfg.Bins.Relay, env: env,
		args: append([]string{"api", "--listen-addr", hostPort(p[pRelay]),
			"--secret-key", "0x" + hex.EncodeToString(key), "--blocksim", ep.Blocksim}, common...)}); err != nil {
		return err
	}
	if err := waitHTTP(ctx, ep.Relay+"/eth/v1/builder/status", 2*time.Minute); err != nil {
		return fmt.Errorf("relay: %w (see %s)", err, filepath.Join(logs, "relay-api.log"))
	}
	// The housekeeper starts after the API has migrated the database: run
	// together, their migrations collide.
	return n.start(procSpec{name: "relay-housekeeper", bin: n.cfg.Bins.Relay, env: env,
		args: append([]string{"housekeeper"}, common...)})
}

// relayKey draws the relay's BLS secret key and returns it with its public key in 0x hex.
func relayKey() ([]byte, string, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, "", err
	}
	key[0] &= 0x3f // below the BLS12-381 group order
	sk, err := bls.SecretKeyFromBytes(key)
	if err != nil {
		return nil, "", fmt.Errorf("relay key: %w", err)
	}
	pk, err := bls.PublicKeyFromSecretKey(sk)
	if err != nil {
		return nil, "", fmt.Errorf("relay key: %w", err)
	}
	return key, "0x" + hex.EncodeToString(bls.PublicKeyToBytes(pk)), nil
}

// start starts a process, records it in the state file and supervises it.
func (n *Net) start(spec procSpec) error {
	pr, err := startProc(filepath.Join(n.cfg.DataDir, "logs"), spec)
	if err != nil {
		return err
	}
	n.mu.Lock()
	n.procs[spec.name] = pr
	n.specs[spec.name] = spec
	n.State.Processes = append(n.State.Processes, pr)
	n.mu.Unlock()
	fmt.Fprintf(n.cfg.Out, "started %-17s pid %-7d log %s\n", spec.name, pr.PID, pr.Log)
	if err := n.save(); err != nil {
		return err
	}
	go n.watch(pr)
	return nil
}

// watch restarts the processes that restart (the beacon node, the sidecar, the
// rollup nodes) when they exit while the network runs; any other exit fails the
// network.
func (n *Net) watch(pr *proc) {
	<-pr.done
	n.mu.Lock()
	if n.stopping || n.procs[pr.Name] != pr {
		n.mu.Unlock()
		return
	}
	spec := n.specs[pr.Name]
	n.mu.Unlock()
	if !spec.restart {
		select {
		case n.failed <- fmt.Errorf("%s exited: %v (see %s)", pr.Name, pr.err, pr.Log):
		default:
		}
		return
	}
	fmt.Fprintf(n.cfg.Out, "%s exited (%v); restarting\n", pr.Name, pr.err)
	time.Sleep(time.Second) // let the port be released
	spec.args = append(append([]string{}, spec.args...), spec.restartArgs...)
	spec.restartArgs = nil
	// Start under the lock so that Close either sees the new process or
	// has already set stopping.
	n.mu.Lock()
	if n.stopping {
		n.mu.Unlock()
		return
	}
	np, err := startProc(filepath.Join(n.cfg.DataDir, "logs"), spec)
	if err != nil {
		n.mu.Unlock()
		select {
		case n.failed <- err:
		default:
		}
		return
	}
	n.procs[spec.name] = np
	n.specs[spec.name] = spec
	for i, q := range n.State.Processes {
		if q == pr {
			n.State.Processes[i] = np
		}
	}
	n.mu.Unlock()
	_ = n.save()
	n.watch(np)
}

// Failed delivers the first unexpected exit of a process that is not restarted.
func (n *Net) Failed() <-chan error { return n.failed }

// Proc returns the PID of the named process (geth, beacon, validator,
// sidecar, redis, postgres, blocksim, relay-api, relay-housekeeper, and per rollup
// rollup-<chain id>-geth and rollup-<chain id>-node), 0 when unknown.
func (n *Net) Proc(name string) int {
	n.mu.Lock()
	defer n.mu.Unlock()
	if p, ok := n.procs[name]; ok {
		return p.PID
	}
	return 0
}

// Close stops every process in reverse start order and removes the state file.
func (n *Net) Close() {
	n.mu.Lock()
	n.stopping = true
	ps := append([]*proc{}, n.State.Processes...)
	n.mu.Unlock()
	for i := len(ps) - 1; i >= 0; i-- {
		ps[i].stop()
	}
	for _, d := range n.State.TempDirs {
		_ = os.RemoveAll(d)
	}
	_ = os.Remove(filepath.Join(n.cfg.DataDir, StateFile))
}

// save writes the state file atomically.
func (n *Net) save() error {
	n.mu.Lock()
	b, err := json.MarshalIndent(n.State, "", "  ")
	n.mu.Unlock()
	if err != nil {
		return err
	}
	path := filepath.Join(n.cfg.DataDir, StateFile)
	if err := os.WriteFile(path+".tmp", b, 0o600); err != nil {
		return err
	}
	return os.Rename(path+".tmp", path)
}
