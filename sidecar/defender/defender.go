// Package defender answers every challenge opened against our operator on the
// PreconfSlasher: it finds the challenges in the slasher's events, builds the
// defence the chain supports (the tx in the slot's block, the nonce spent
// before the slot, or the sender's balance below the tx's cost, alone or after
// the sender's earlier promised txs of the slot), sends it with
// fee bumps until the slasher records it, and keeps its progress on disk so
// that a restart neither forgets a challenge nor sends a second defence.
package defender

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"

	"github.com/basedsidecar/based/challenge"
	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/contracts/txroot"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/rollup"
)

// Chain is the L1 execution client the defender reads and sends through.
type Chain interface {
	challenge.Chain
}

// Prover reads account proofs (eth_getProof) at a block.
type Prover interface {
	AccountProof(ctx context.Context, account common.Address, block *big.Int) ([][]byte, error)
}

// Config is what the defender needs besides its clients.
type Config struct {
	Slasher common.Address    // the PreconfSlasher our promises are signed for
	Owner   common.Address    // our operator in the Registry (challenges name it)
	Key     *ecdsa.PrivateKey // signs and pays for defences
	Dir     string            // the durable state (Pebble)
	// Blobs fetches the blobs of a rollup batch posted in blobs (a beacon node), for
	// defendL2; nil: only calldata batches are defended.
	Blobs rollup.Blobs
	// Poll is how often the chain is read; zero: 1 s.
	Poll time.Duration
	// FromBlock is the first block scanned on a fresh state; zero: 8191 blocks
	// before the head (no challenge lives longer than the block hash history).
	FromBlock uint64
	// BumpAfter is how many blocks a defence may stay unmined before it is
	// replaced with 12.5 % higher fees; zero: 2.
	BumpAfter uint64
	// Records are our own promises (the engine's commitment log), where a
	// balance defence finds the promised tx; nil: only the execution client,
	// whose pool drops a tx its sender can no longer pay.
	Records Records
}

// Records reads back the promises of a slot as the commitment log holds them.
type Records interface {
	LoggedPromises(slot uint64) ([]preconf.LoggedPromise, error)
}

// historySize is the EIP-2935 block hash history: no challenge outlives it.
const historySize = 8191

func hexUint(x uint64) hexutil.Uint64 { return hexutil.Uint64(x) }

// Defender defends the challenges against one operator.
type Defender struct {
	el      Chain
	prover  Prover
	cfg     Config
	from    common.Address
	chainID *big.Int
	ch      *challenge.Challenger
	slasher *bindings.PreconfSlasher
	abi     *abi.ABI
	st      *store
	m       *Metrics
	log     *slog.Logger
	// rebroadcast holds the defences re-sent since start (once each).
	rebroadcast map[common.Hash]bool
}

// New opens the defender's state in cfg.Dir and reads the slasher's parameters.
func New(ctx context.Context, el Chain, prover Prover, cfg Config, m *Metrics, log *slog.Logger) (*Defender, error) {
	if cfg.Key == nil {
		return nil, errors.New("defender: no key to send defences with")
	}
	if cfg.Owner == (common.Address{}) {
		return nil, errors.New("defender: the operator address is zero")
	}
	if cfg.Poll == 0 {
		cfg.Poll = time.Second
	}
	if cfg.BumpAfter == 0 {
		cfg.BumpAfter = 2
	}
	ch, err := challenge.New(ctx, el, challenge.Config{Slasher: cfg.Slasher, Blobs: cfg.Blobs})
	if err != nil {
		return nil, fmt.Errorf("defender: %w", err)
	}
	s, err := bindings.NewPreconfSlasher(cfg.Slasher, el)
	if err != nil {
		return nil, err
	}
	a, err := bindings.PreconfSlasherMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	st, err := openStore(cfg.Dir)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = NewMetrics(nil)
	}
	return &Defender{
		el: el, prover: prover, cfg: cfg, from: crypto.PubkeyToAddress(cfg.Key.PublicKey),
		chainID: ch.Domain().ChainID, ch: ch, slasher: s, abi: a, st: st, m: m, log: log,
		rebroadcast: map[common.Hash]bool{},
	}, nil
}

// Close closes the durable state.
func (d *Defender) Close() error { return d.st.close() }

// Run steps every Poll until ctx ends, then closes the state.
func (d *Defender) Run(ctx context.Context) error {
	defer d.Close()
	t := time.NewTicker(d.cfg.Poll)
	defer t.Stop()
	for {
		if err := d.Step(ctx); err != nil && ctx.Err() == nil {
			d.log.Warn("defender step failed; retrying", "err", err)
		}
		select {
		case <-ctx.Done():
			return nil
		case <-t.C:
		}
	}
}

// Step scans new blocks for challenges and advances the defence of each open one.
func (d *Defender) Step(ctx context.Context) error {
	if err := d.scan(ctx); err != nil {
		return err
	}
	recs, err := d.st.records()
	if err != nil {
		return err
	}
	risk := new(big.Int)
	var errs []error
	for _, r := range recs {
		if r.Stage == Defended || r.Stage == Lost {
			continue
		}
		if err := d.handle(ctx, r); err != nil {
			errs = append(errs, fmt.Errorf("challenge %s: %w", r.Digest, err))
		}
		if r.Stage != Defended && r.Stage != Lost && r.Commitment != nil {
			risk.Add(risk, r.Commitment.Penalty)
		}
	}
	f, _ := new(big.Float).SetInt(risk).Float64()
	d.m.atRisk.Set(f)
	return errors.Join(errs...)
}

// Records lists the challenges the defender knows, for status and tests.
func (d *Defender) Records() ([]*Record, error) { return d.st.records() }

// scan reads ChallengeOpened events naming our operator from the cursor to the head.
func (d *Defender) scan(ctx context.Context) error {
	head, err := d.el.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	last, ok, err := d.st.cursor()
	if err != nil {
		return err
	}
	from := last + 1
	if !ok {
		from = d.cfg.FromBlock
		if from == 0 && head.Number.Uint64() > historySize {
			from = head.Number.Uint64() - historySize
		}
	}
	for end := head.Number.Uint64(); from <= end; {
		to := min(from+1999, end)
		it, err := d.slasher.FilterChallengeOpened(&bind.FilterOpts{Start: from, End: &to, Context: ctx}, nil, []common.Address{d.cfg.Owner})
		if err != nil {
			return fmt.Errorf("ChallengeOpened logs %d-%d: %w", from, to, err)
		}
		var found []*Record
		for it.Next() {
			ev := it.Event
			if ev.Raw.Removed {
				continue
			}
			if old, err := d.st.get(ev.Digest); err != nil {
				it.Close()
				return err
			} else if old != nil {
				continue
			}
			found = append(found, &Record{Digest: ev.Digest, OpenTx: ev.Raw.TxHash, OpenBlock: hexUint(ev.Raw.BlockNumber), Slot: hexUint(ev.Slot), Stage: Seen})
			d.m.seen.Inc()
			d.log.Warn("challenge opened against us", "digest", common.Hash(ev.Digest), "slot", ev.Slot, "challenger", ev.Challenger, "missed", ev.Missed, "block", ev.Raw.BlockNumber)
		}
		err = it.Error()
		it.Close()
		if err != nil {
			return fmt.Errorf("ChallengeOpened logs %d-%d: %w", from, to, err)
		}
		if err := d.st.advance(to, found); err != nil {
			return err
		}
		from = to + 1
	}
	return nil
}

// handle advances one challenge by what the slasher and the chain say now.
func (d *Defender) handle(ctx context.Context, r *Record) error {
	c, err := d.ch.Challenge(ctx, r.Digest)
	if err != nil {
		return err
	}
	switch c.Status {
	case challenge.StatusDefended:
		r.Stage = Defended
		d.m.defended.Inc()
		d.log.Info("challenge defended", "digest", r.Digest, "defence", r.Defence)
		return d.st.put(r)
	case challenge.StatusSlashed:
		r.Stage = Lost
		d.m.lost.Inc()
		d.log.Error("challenge slashed: collateral taken", "digest", r.Digest, "promise", r.Commitment, "reason", r.Undefendable)
		return d.st.put(r)
	case challenge.StatusNone:
		return nil // not on the chain we read (yet, or reorganised away)
	}
	if r.Commitment == nil {
		p, err := d.commitment(ctx, r)
		if err != nil {
			return d.undefendable(r, fmt.Sprintf("the promise of the challenge cannot be read: %v", err))
		}
		r.Commitment = p
		if err := d.st.put(r); err != nil {
			return err
		}
	}
	head, err := d.el.HeaderByNumber(ctx, nil)
	if err != nil {
		return fmt.Errorf("head: %w", err)
	}
	if until := c.OpenedAt + d.ch.Params().DefenceWindow; head.Time > until {
		return nil // past the window: only slash can follow
	}
	switch r.Stage {
	case Sent:
		return d.follow(ctx, r, head, c.OpenedAt)
	default:
		return d.defend(ctx, r, head)
	}
}

// commitment is the challenged promise: decoded from a direct openChallenge
// call, else (a contract opened the challenge) found by its digest among our
// records of the event's slot.
func (d *Defender) commitment(ctx context.Context, r *Record) (*preconf.InclusionCommitment, error) {
	p, err := d.openCall(ctx, r)
	if err == nil {
		return p, nil
	}
	if d.cfg.Records == nil {
		return nil, err
	}
	ps, rerr := d.cfg.Records.LoggedPromises(uint64(r.Slot))
	if rerr != nil {
		return nil, fmt.Errorf("%w; our records of slot %d: %w", err, r.Slot, rerr)
	}
	for _, lp := range ps {
		if c := lp.Commitment; c.Digest(d.ch.Domain()) == r.Digest {
			return &c, nil
		}
	}
	return nil, fmt.Errorf("%w; no promise of ours in slot %d has digest %s", err, r.Slot, r.Digest)
}

// openCall decodes the challenged promise from a direct openChallenge call and checks its digest.
func (d *Defender) openCall(ctx context.Context, r *Record) (*preconf.InclusionCommitment, error) {
	tx, _, err := d.el.TransactionByHash(ctx, r.OpenTx)
	if err != nil {
		return nil, fmt.Errorf("openChallenge tx %s: %w", r.OpenTx, err)
	}
	data := tx.Data()
	if len(data) < 4 {
		return nil, fmt.Errorf("tx %s has no call data", r.OpenTx)
	}
	m, err := d.abi.MethodById(data[:4])
	if err != nil || m.Name != "openChallenge" {
		return nil, fmt.Errorf("tx %s does not call openChallenge directly (a contract opened the challenge)", r.OpenTx)
	}
	args, err := m.Inputs.Unpack(data[4:])
	if err != nil || len(args) != 2 {
		return nil, fmt.Errorf("tx %s: openChallenge arguments: %v", r.OpenTx, err)
	}
	oc := *abi.ConvertType(args[0], new(bindings.PreconfSlasherInclusionCommitment)).(*bindings.PreconfSlasherInclusionCommitment)
	p := &preconf.InclusionCommitment{
		Slot: oc.Slot, ChainID: oc.ChainId, TxHash: oc.TxHash, Sender: oc.Sender, Nonce: oc.Nonce,
		Committer: oc.Committer, Seq: oc.Seq, Penalty: oc.Penalty,
	}
	if got := p.Digest(d.ch.Domain()); got != r.Digest {
		return nil, fmt.Errorf("tx %s: the promise's digest %s is not the challenge's", r.OpenTx, got)
	}
	return p, nil
}

// undefendable records (and logs once, at error level) why no defence holds.
func (d *Defender) undefendable(r *Record, why string) error {
	if r.Undefendable == why {
		return nil
	}
	first := r.Undefendable == ""
	r.Undefendable = why
	if first {
		d.m.undefendable.Inc()
	}
	d.log.Error("cannot defend a challenge: the promise was broken", "digest", r.Digest, "promise", r.Commitment, "reason", why)
	return d.st.put(r)
}

// call sends one defence with the given options.
type call func(*bind.TransactOpts) (*types.Transaction, error)

// build chooses the defence the chain supports for p; nil with a reason when none does.
func (d *Defender) build(ctx context.Context, p *preconf.InclusionCommitment) (call, string, string, error) {
	if p.ChainID.Cmp(d.chainID) != 0 {
		return d.buildL2(ctx, p)
	}
	oc := challenge.Onchain(p)
	t := d.ch.Params().SlotTime(p.Slot)
	hd, err := d.ch.BlockAt(ctx, t)
	if err != nil {
		return nil, "", "", err
	}
	if hd != nil {
		b, err := d.el.BlockByNumber(ctx, hd.Number)
		if err != nil {
			return nil, "", "", fmt.Errorf("block %v: %w", hd.Number, err)
		}
		for i, tx := range b.Transactions() {
			if tx.Hash() != p.TxHash {
				continue
			}
			proof, err := txProof(b, i)
			if err != nil {
				return nil, "", "", err
			}
			header, err := headerRLP(b.Header())
			if err != nil {
				return nil, "", "", err
			}
			return func(o *bind.TransactOpts) (*types.Transaction, error) {
				return d.slasher.DefendL1(o, oc, header, big.NewInt(int64(i)), proof)
			}, "l1", "", nil
		}
	}
	before, err := d.ch.LastBefore(ctx, t)
	if err != nil {
		return nil, "", "", err
	}
	if before != nil {
		n, err := d.el.NonceAt(ctx, p.Sender, before.Number)
		if err != nil {
			return nil, "", "", fmt.Errorf("nonce of %s at %v: %w", p.Sender, before.Number, err)
		}
		if n > p.Nonce {
			proof, err := d.prover.AccountProof(ctx, p.Sender, before.Number)
			if err != nil {
				return nil, "", "", err
			}
			header, err := headerRLP(before)
			if err != nil {
				return nil, "", "", err
			}
			return func(o *bind.TransactOpts) (*types.Transaction, error) {
				return d.slasher.DefendVoid(o, oc, header, proof)
			}, "void", "", nil
		}
	}
	if hd == nil {
		return nil, "", fmt.Sprintf("slot %d has no block (missed) and the sender's nonce was not spent before it", p.Slot), nil
	}
	if tx := d.promisedTx(ctx, p); tx != nil && hd.Number.Sign() > 0 {
		parent, err := d.el.HeaderByNumber(ctx, new(big.Int).Sub(hd.Number, big.NewInt(1)))
		if err != nil {
			return nil, "", "", err
		}
		bal, err := d.el.BalanceAt(ctx, p.Sender, parent.Number)
		if err != nil {
			return nil, "", "", err
		}
		var run []bindings.PreconfSlasherPromised
		short := bal.Cmp(tx.Cost()) < 0
		if !short {
			// Covered alone: maybe not after the sender's earlier promised txs of the slot.
			var runCost *big.Int
			if run, runCost, err = d.earlierRun(ctx, p, parent.Number); err != nil {
				return nil, "", "", err
			}
			short = run != nil && bal.Cmp(new(big.Int).Add(runCost, tx.Cost())) < 0
		}
		if short {
			raw, err := tx.MarshalBinary()
			if err != nil {
				return nil, "", "", err
			}
			proof, err := d.prover.AccountProof(ctx, p.Sender, parent.Number)
			if err != nil {
				return nil, "", "", err
			}
			header, err := headerRLP(hd)
			if err != nil {
				return nil, "", "", err
			}
			ph, err := headerRLP(parent)
			if err != nil {
				return nil, "", "", err
			}
			if run != nil {
				return func(o *bind.TransactOpts) (*types.Transaction, error) {
					return d.slasher.DefendBalanceRun(o, oc, header, ph, proof, raw, run)
				}, "balance-run", "", nil
			}
			return func(o *bind.TransactOpts) (*types.Transaction, error) {
				return d.slasher.DefendBalance(o, oc, header, ph, proof, raw)
			}, "balance", "", nil
		}
	}
	return nil, "", fmt.Sprintf("tx %s is not in block %v (slot %d), its nonce %d was not spent before the slot, and the sender's balance covered it (with its earlier promised txs of the slot, when we hold them)", p.TxHash, hd.Number, p.Slot, p.Nonce), nil
}

// earlierRun is what defendBalanceRun cites for p: our promises to p's sender
// in p's slot (from our records) at each nonce from the sender's nonce in the
// state of block parent up to p's, with the sum of their txs' max costs; nil
// when p's nonce is the account's or a nonce of the run has no promise of ours.
func (d *Defender) earlierRun(ctx context.Context, p *preconf.InclusionCommitment, parent *big.Int) ([]bindings.PreconfSlasherPromised, *big.Int, error) {
	if d.cfg.Records == nil {
		return nil, nil, nil
	}
	first, err := d.el.NonceAt(ctx, p.Sender, parent)
	if err != nil {
		return nil, nil, fmt.Errorf("nonce of %s at %v: %w", p.Sender, parent, err)
	}
	if first >= p.Nonce {
		return nil, nil, nil
	}
	ps, err := d.cfg.Records.LoggedPromises(p.Slot)
	if err != nil {
		return nil, nil, fmt.Errorf("our records of slot %d: %w", p.Slot, err)
	}
	byNonce := map[uint64]preconf.LoggedPromise{}
	for _, lp := range ps {
		c := lp.Commitment
		if c.Sender != p.Sender || c.Committer != p.Committer || c.ChainID.Cmp(d.chainID) != 0 || c.Nonce < first || c.Nonce >= p.Nonce {
			continue
		}
		if _, dup := byNonce[c.Nonce]; !dup {
			byNonce[c.Nonce] = lp
		}
	}
	run := make([]bindings.PreconfSlasherPromised, 0, p.Nonce-first)
	cost := new(big.Int)
	for n := first; n < p.Nonce; n++ {
		lp, ok := byNonce[n]
		if !ok {
			return nil, nil, nil
		}
		var tx types.Transaction
		if err := tx.UnmarshalBinary(lp.Raw); err != nil {
			return nil, nil, fmt.Errorf("promised tx %s in our records: %w", lp.Commitment.TxHash, err)
		}
		raw, err := tx.WithoutBlobTxSidecar().MarshalBinary()
		if err != nil {
			return nil, nil, err
		}
		cost.Add(cost, tx.Cost())
		run = append(run, bindings.PreconfSlasherPromised{Commitment: challenge.Onchain(&lp.Commitment), Signature: lp.Signature, RawTx: raw})
	}
	return run, cost, nil
}

// promisedTx is the promised transaction in its canonical form (a blob tx
// without its sidecar): from our records, else from the execution client;
// nil when neither has it.
func (d *Defender) promisedTx(ctx context.Context, p *preconf.InclusionCommitment) *types.Transaction {
	if d.cfg.Records != nil {
		ps, err := d.cfg.Records.LoggedPromises(p.Slot)
		if err != nil {
			d.log.Warn("our records of the slot", "slot", p.Slot, "err", err)
		}
		for _, lp := range ps {
			if lp.Commitment.TxHash != p.TxHash {
				continue
			}
			var tx types.Transaction
			if err := tx.UnmarshalBinary(lp.Raw); err != nil {
				d.log.Error("promised tx in our records does not decode", "tx", p.TxHash, "err", err)
				break
			}
			return tx.WithoutBlobTxSidecar()
		}
	}
	tx, _, err := d.el.TransactionByHash(ctx, p.TxHash)
	if err != nil {
		return nil
	}
	return tx
}

// buildL2 is defendL2: the tx listed in its rollup's block of the committer's batch of the
// slot, proven against that block's tx root in the batch's headers.
func (d *Defender) buildL2(ctx context.Context, p *preconf.InclusionCommitment) (call, string, string, error) {
	hd, err := d.ch.BlockAt(ctx, d.ch.Params().SlotTime(p.Slot))
	if err != nil {
		return nil, "", "", err
	}
	if hd == nil {
		return nil, "", fmt.Sprintf("slot %d has no block (missed): the rollup promise's batch never landed", p.Slot), nil
	}
	l, _, why, err := d.ch.FindL2(ctx, p, hd)
	if err != nil {
		return nil, "", "", err
	}
	if l == nil || l.Index < 0 {
		return nil, "", why, nil
	}
	j := slices.Index(l.Hashes, p.TxHash)
	proof, err := txroot.Proof(l.Hashes, j)
	if err != nil {
		return nil, "", "", err
	}
	headers := make([]bindings.RollupInboxBlockHeader, len(l.Posting.Headers))
	for i, h := range l.Posting.Headers {
		headers[i] = bindings.RollupInboxBlockHeader{ChainId: h.ChainID, TxRoot: h.TxRoot, TxCount: h.TxCount, ParentHash: h.ParentHash}
	}
	ps := make([][32]byte, len(proof))
	for i, h := range proof {
		ps[i] = h
	}
	oc := challenge.Onchain(p)
	return func(o *bind.TransactOpts) (*types.Transaction, error) {
		return d.slasher.DefendL2(o, oc, headers, big.NewInt(int64(l.Index)), ps)
	}, "l2", "", nil
}

// defend builds, simulates, records and broadcasts a defence.
func (d *Defender) defend(ctx context.Context, r *Record, head *types.Header) error {
	send, kind, why, err := d.build(ctx, r.Commitment)
	if err != nil {
		return err
	}
	if send == nil {
		return d.undefendable(r, why)
	}
	nonce, err := d.el.PendingNonceAt(ctx, d.from)
	if err != nil {
		return fmt.Errorf("nonce of %s: %w", d.from, err)
	}
	tip, feeCap, err := d.fees(ctx, head)
	if err != nil {
		return err
	}
	opts, err := d.opts(ctx, nonce, 0, tip, feeCap)
	if err != nil {
		return err
	}
	// With NoSend the binding estimates gas (a reverting defence fails here) and signs only.
	tx, err := send(opts)
	if err != nil {
		err = challenge.DecodeRevert(err)
		var re *challenge.RevertError
		if errors.As(err, &re) {
			return d.undefendable(r, fmt.Sprintf("the %s defence reverts: %v", kind, re))
		}
		return fmt.Errorf("%s defence: %w", kind, err)
	}
	raw, err := tx.MarshalBinary()
	if err != nil {
		return err
	}
	r.Stage, r.Defence, r.Sent, r.SentBlock, r.Undefendable = Sent, kind, append(r.Sent, raw), hexUint(head.Number.Uint64()), ""
	if err := d.st.put(r); err != nil { // written before it is broadcast: a restart re-sends this one
		return err
	}
	d.rebroadcast[r.Digest] = true
	d.m.sent.WithLabelValues(kind).Inc()
	d.log.Info("defence sent", "digest", r.Digest, "defence", kind, "tx", tx.Hash(), "nonce", tx.Nonce(), "gas", tx.Gas(), "tip", tip, "feeCap", feeCap)
	return d.broadcast(ctx, tx)
}

// follow waits for the newest defence to land, re-sends it once after a
// restart, and replaces it with higher fees when it stays unmined.
func (d *Defender) follow(ctx context.Context, r *Record, head *types.Header, openedAt uint64) error {
	txs := make([]*types.Transaction, len(r.Sent))
	for i, raw := range r.Sent {
		txs[i] = new(types.Transaction)
		if err := txs[i].UnmarshalBinary(raw); err != nil {
			return fmt.Errorf("stored defence %d: %w", i, err)
		}
	}
	for _, tx := range txs {
		rc, err := d.el.TransactionReceipt(ctx, tx.Hash())
		if err != nil {
			continue
		}
		if rc.Status == types.ReceiptStatusSuccessful {
			if hd, err := d.el.HeaderByNumber(ctx, rc.BlockNumber); err == nil {
				took := float64(hd.Time) - float64(openedAt)
				d.m.latency.Observe(took)
				d.log.Info("defence landed", "digest", r.Digest, "defence", r.Defence, "tx", tx.Hash(), "block", rc.BlockNumber, "gasUsed", rc.GasUsed, "secondsSinceOpened", took)
			}
			return nil // the slasher's status says Defended at the next step
		}
		d.log.Warn("defence reverted on chain; building it again", "digest", r.Digest, "tx", tx.Hash(), "block", rc.BlockNumber)
		r.Stage = Seen
		return d.st.put(r)
	}
	newest := txs[len(txs)-1]
	mined, err := d.el.NonceAt(ctx, d.from, nil)
	if err != nil {
		return err
	}
	if mined > newest.Nonce() { // another tx of ours took the nonce
		r.Stage = Seen
		return d.st.put(r)
	}
	if head.Number.Uint64() < uint64(r.SentBlock)+d.cfg.BumpAfter {
		if !d.rebroadcast[r.Digest] {
			d.rebroadcast[r.Digest] = true
			d.log.Info("re-sending the stored defence", "digest", r.Digest, "tx", newest.Hash())
			return d.broadcast(ctx, newest)
		}
		return nil
	}
	tip, feeCap, err := d.fees(ctx, head)
	if err != nil {
		return err
	}
	tip = maxBig(tip, bump(newest.GasTipCap()))
	feeCap = maxBig(feeCap, bump(newest.GasFeeCap()))
	signed, err := types.SignNewTx(d.cfg.Key, types.LatestSignerForChainID(d.chainID), &types.DynamicFeeTx{
		ChainID: d.chainID, Nonce: newest.Nonce(), GasTipCap: tip, GasFeeCap: feeCap, Gas: newest.Gas(),
		To: newest.To(), Value: newest.Value(), Data: newest.Data(),
	})
	if err != nil {
		return err
	}
	raw, err := signed.MarshalBinary()
	if err != nil {
		return err
	}
	r.Sent, r.SentBlock = append(r.Sent, raw), hexUint(head.Number.Uint64())
	if err := d.st.put(r); err != nil {
		return err
	}
	d.m.bumps.Inc()
	d.log.Info("defence replaced with higher fees", "digest", r.Digest, "tx", signed.Hash(), "nonce", signed.Nonce(), "tip", tip, "feeCap", feeCap)
	return d.broadcast(ctx, signed)
}

func (d *Defender) broadcast(ctx context.Context, tx *types.Transaction) error {
	if err := d.el.SendTransaction(ctx, tx); err != nil {
		// Already known, replaced or mined: the receipt check of the next step settles it.
		d.log.Warn("defence broadcast", "tx", tx.Hash(), "err", err)
	}
	return nil
}

// fees suggests a tip and a fee cap of twice the head's base fee plus the tip.
func (d *Defender) fees(ctx context.Context, head *types.Header) (*big.Int, *big.Int, error) {
	tip, err := d.el.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, nil, fmt.Errorf("tip: %w", err)
	}
	if tip.Sign() == 0 {
		tip = big.NewInt(1e9)
	}
	base := new(big.Int)
	if head.BaseFee != nil {
		base.Set(head.BaseFee)
	}
	return tip, new(big.Int).Add(new(big.Int).Mul(base, big.NewInt(2)), tip), nil
}

func (d *Defender) opts(ctx context.Context, nonce, gas uint64, tip, feeCap *big.Int) (*bind.TransactOpts, error) {
	o, err := bind.NewKeyedTransactorWithChainID(d.cfg.Key, d.chainID)
	if err != nil {
		return nil, err
	}
	o.Context, o.NoSend, o.Nonce, o.GasLimit, o.GasTipCap, o.GasFeeCap = ctx, true, new(big.Int).SetUint64(nonce), gas, tip, feeCap
	return o, nil
}

// bump is x raised by 12.5 %, rounded up (above the 10 % a replacement needs).
func bump(x *big.Int) *big.Int {
	y := new(big.Int).Mul(x, big.NewInt(1125))
	y.Add(y, big.NewInt(999))
	return y.Div(y, big.NewInt(1000))
}

func maxBig(a, b *big.Int) *big.Int {
	if a.Cmp(b) >= 0 {
		return a
	}
	return b
}
