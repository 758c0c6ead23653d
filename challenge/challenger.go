package challenge

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"slices"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"

	"github.com/basedsidecar/based/contracts/bindings"
	"github.com/basedsidecar/based/mempool"
	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/rollup"
)

type (
	bindingsMeta       = bind.MetaData
	bindingsCommitment = bindings.PreconfSlasherInclusionCommitment
)

// Chain is what the challenger reads from, and sends to, an L1 execution
// client (go-ethereum's ethclient.Client and simulated.Client have it).
type Chain interface {
	bind.ContractBackend
	ethereum.TransactionReader
	ChainID(ctx context.Context) (*big.Int, error)
	BlockByNumber(ctx context.Context, number *big.Int) (*types.Block, error)
	NonceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (uint64, error)
	BalanceAt(ctx context.Context, account common.Address, blockNumber *big.Int) (*big.Int, error)
}

// Finality tells which slots are final. The Beacon type reads it from a
// beacon node's finalized checkpoint.
type Finality interface {
	// FinalizedSlot returns the newest slot the finalized checkpoint covers.
	FinalizedSlot(ctx context.Context) (uint64, error)
}

// Params are the slasher's windows and bond, read from the contract.
type Params struct {
	GenesisTime, SecondsPerSlot                   uint64
	FinalityDelay, ChallengeWindow, DefenceWindow uint64 // seconds
	Bond                                          *big.Int
}

// SlotTime is the start of slot, as the slasher computes it.
func (p Params) SlotTime(slot uint64) uint64 { return p.GenesisTime + slot*p.SecondsPerSlot }

// Challenger checks promises of one slasher deployment and enforces broken ones.
type Challenger struct {
	el       Chain
	fin      Finality
	blobs    rollup.Blobs
	addr     common.Address
	slasher  *bindings.PreconfSlasher
	inbox    common.Address
	domain   preconf.Domain
	params   Params
	pollWait time.Duration
}

// Config is what New needs besides the execution client.
type Config struct {
	Slasher common.Address // from the deployment file or the Registry, never from a sidecar
	// Finality tells final slots (a beacon node); nil only for slashing and
	// claiming, where Check is not needed.
	Finality Finality
	// Blobs fetches the blobs of a rollup batch posted in blobs (a beacon node);
	// nil when only calldata batches are to be read.
	Blobs rollup.Blobs
}

// New reads the slasher's domain (the chain id from el), windows and bond.
func New(ctx context.Context, el Chain, cfg Config) (*Challenger, error) {
	if cfg.Slasher == (common.Address{}) {
		return nil, errors.New("slasher: the zero address")
	}
	id, err := el.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("chain id from the execution client: %w", err)
	}
	s, err := bindings.NewPreconfSlasher(cfg.Slasher, el)
	if err != nil {
		return nil, err
	}
	opts := &bind.CallOpts{Context: ctx}
	var p Params
	for _, f := range []struct {
		name string
		get  func(*bind.CallOpts) (*big.Int, error)
		into *uint64
	}{
		{"genesisTime", s.GenesisTime, &p.GenesisTime}, {"secondsPerSlot", s.SecondsPerSlot, &p.SecondsPerSlot},
		{"finalityDelay", s.FinalityDelay, &p.FinalityDelay}, {"challengeWindow", s.ChallengeWindow, &p.ChallengeWindow},
		{"defenceWindow", s.DefenceWindow, &p.DefenceWindow},
	} {
		v, err := f.get(opts)
		if err != nil {
			return nil, fmt.Errorf("slasher %s: %s: %w (is it a PreconfSlasher?)", cfg.Slasher, f.name, err)
		}
		if !v.IsUint64() {
			return nil, fmt.Errorf("slasher %s: %s %v out of range", cfg.Slasher, f.name, v)
		}
		*f.into = v.Uint64()
	}
	if p.Bond, err = s.Bond(opts); err != nil {
		return nil, fmt.Errorf("slasher %s: bond: %w", cfg.Slasher, err)
	}
	inbox, err := s.Inbox(opts)
	if err != nil {
		return nil, fmt.Errorf("slasher %s: inbox: %w", cfg.Slasher, err)
	}
	return &Challenger{
		el: el, fin: cfg.Finality, blobs: cfg.Blobs, addr: cfg.Slasher, slasher: s, inbox: inbox,
		domain: preconf.Domain{ChainID: id, VerifyingContract: cfg.Slasher}, params: p, pollWait: time.Second,
	}, nil
}

// Domain is the EIP-712 domain of the slasher's promises: the chain's id and the slasher.
func (c *Challenger) Domain() preconf.Domain { return c.domain }

// Domain is the EIP-712 domain of promises on chain chainID under slasher.
func Domain(chainID *big.Int, slasher common.Address) preconf.Domain {
	return preconf.Domain{ChainID: chainID, VerifyingContract: slasher}
}

// Params are the slasher's windows and bond.
func (c *Challenger) Params() Params { return c.params }

// ErrVerify is wrapped when a promise does not verify under the chain's domain.
var ErrVerify = errors.New("promise does not verify")

// Verify checks sc locally under the chain's domain: its digest (when given)
// and the signature, which must recover to the committer it names. A typedData
// naming another domain is refused. Whether the committer is registered is
// the Registry's, read by Check.
func (c *Challenger) Verify(sc *preconf.SignedCommitment) error {
	if td := sc.Domain; td != nil && (td.ChainID == nil || td.ChainID.Cmp(c.domain.ChainID) != 0 || td.VerifyingContract != c.domain.VerifyingContract) {
		return fmt.Errorf("%w: typedData names chain %v and slasher %s, the chain is %v with slasher %s", ErrVerify, td.ChainID, td.VerifyingContract, c.domain.ChainID, c.domain.VerifyingContract)
	}
	d := sc.Commitment.Digest(c.domain)
	if sc.Digest != (common.Hash{}) && sc.Digest != d {
		return fmt.Errorf("%w: digest %s, computed %s under the chain's domain", ErrVerify, sc.Digest, d)
	}
	who, err := preconf.Recover(d, sc.Signature)
	if err != nil {
		return fmt.Errorf("%w: signature: %v", ErrVerify, err)
	}
	if who != sc.Commitment.Committer {
		return fmt.Errorf("%w: signed by %s, the promise names committer %s", ErrVerify, who, sc.Commitment.Committer)
	}
	return nil
}

// Verdict is what the chain says of a promise.
type Verdict string

// The verdicts of Check.
const (
	// Pending: the slot has not come yet, or its block is not final.
	Pending Verdict = "pending"
	// Kept: the tx is in the slot's block (L1) or the committer's batch of the slot (L2).
	Kept Verdict = "kept"
	// Broken: the slot has a block and the tx is not in it (a safety fault).
	Broken Verdict = "broken"
	// Missed: the slot has no block at all (a liveness fault).
	Missed Verdict = "missed"
	// Void: the sender spent the nonce before the slot; the operator can defend.
	Void Verdict = "void"
	// Undecided: the chain does not settle it (a rollup batch whose data cannot be read).
	Undecided Verdict = "undecided"
	// Invalid: the promise does not verify under the chain's domain (the watcher's
	// verdict; Check returns ErrVerify).
	Invalid Verdict = "invalid"
)

// Status is a challenge's state on the slasher (the contract's Status enum).
type Status uint8

// The slasher's challenge states.
const (
	StatusNone Status = iota
	StatusOpen
	StatusDefended
	StatusSlashed
)

func (s Status) String() string {
	switch s {
	case StatusNone:
		return "none"
	case StatusOpen:
		return "open"
	case StatusDefended:
		return "defended"
	case StatusSlashed:
		return "slashed"
	}
	return fmt.Sprintf("status(%d)", uint8(s))
}

// Report is the chain's answer about one promise.
type Report struct {
	Digest  common.Hash
	Verdict Verdict
	Reason  string
	// Final: the slot is covered by the beacon node's finalized checkpoint.
	Final bool
	// SlotTime is the slot's start; a challenge may open from OpenFrom
	// (SlotTime + finalityDelay) until OpenUntil.
	SlotTime, OpenFrom, OpenUntil uint64
	// Block is the number of the slot's block (0 when none).
	Block uint64
	// Challenge is the slasher's record of the promise's challenge.
	Challenge Challenge
}

// Challenge is the slasher's record of one challenge.
type Challenge struct {
	Status     Status
	Challenger common.Address
	OpenedAt   uint64
	Missed     bool
	Owner      common.Address
	Locked     *big.Int
	// SlashFrom is the first chain time at which slash succeeds (open challenges).
	SlashFrom uint64
}

// Challenge reads the slasher's record of the challenge of digest.
func (c *Challenger) Challenge(ctx context.Context, digest common.Hash) (Challenge, error) {
	ch, err := c.slasher.Challenges(&bind.CallOpts{Context: ctx}, digest)
	if err != nil {
		return Challenge{}, fmt.Errorf("slasher challenges(%s): %w", digest, decodeRevert(err))
	}
	out := Challenge{Status: Status(ch.Status), Challenger: ch.Challenger, OpenedAt: ch.OpenedAt, Missed: ch.Missed, Owner: ch.Owner, Locked: ch.Locked}
	if out.Status == StatusOpen {
		out.SlashFrom = ch.OpenedAt + c.params.DefenceWindow + 1
	}
	return out, nil
}

// ErrNoFinality is returned by Check without a Finality (a beacon node).
var ErrNoFinality = errors.New("finality: a beacon node is needed to tell whether the slot is final")

// Check verifies sc and decides from the chain whether it was kept. others
// are the wallet's other promises (a watch list): those of the same sender,
// slot and committer at the nonces before sc's count in the balance-run
// verdict even when the slot's block does not hold their txs, since the
// operator can cite them in defendBalanceRun.
func (c *Challenger) Check(ctx context.Context, sc *preconf.SignedCommitment, others ...*preconf.SignedCommitment) (*Report, error) {
	if err := c.Verify(sc); err != nil {
		return nil, err
	}
	p := &sc.Commitment
	r := &Report{Digest: p.Digest(c.domain), SlotTime: c.params.SlotTime(p.Slot)}
	r.OpenFrom = r.SlotTime + c.params.FinalityDelay
	r.OpenUntil = r.OpenFrom + c.params.ChallengeWindow
	ch, err := c.Challenge(ctx, r.Digest)
	if err != nil {
		return nil, err
	}
	r.Challenge = ch
	if c.fin == nil {
		return nil, ErrNoFinality
	}
	fin, err := c.fin.FinalizedSlot(ctx)
	if err != nil {
		return nil, fmt.Errorf("finality: %w", err)
	}
	r.Final = p.Slot <= fin
	if !r.Final {
		r.Verdict, r.Reason = Pending, fmt.Sprintf("slot %d is not final yet (finalized up to slot %d)", p.Slot, fin)
		return r, nil
	}
	hd, err := c.blockAt(ctx, r.SlotTime)
	if err != nil {
		return nil, err
	}
	if hd != nil {
		r.Block = hd.Number.Uint64()
	}
	if void, why, err := c.void(ctx, p, r.SlotTime); err != nil {
		return nil, err
	} else if void {
		r.Verdict, r.Reason = Void, why
		return r, nil
	}
	if hd == nil {
		r.Verdict, r.Reason = Missed, fmt.Sprintf("no block has the timestamp %d of slot %d: the slot was missed", r.SlotTime, p.Slot)
		return r, nil
	}
	if p.ChainID.Cmp(c.domain.ChainID) == 0 {
		r.Verdict, r.Reason, err = c.checkL1(ctx, p, hd, others)
	} else {
		r.Verdict, r.Reason, err = c.checkL2(ctx, p, hd)
	}
	if err != nil {
		return nil, err
	}
	return r, nil
}

// blockAt returns the header of the block whose timestamp is t, or nil when
// the chain has none (timestamps rise strictly with the number).
func (c *Challenger) blockAt(ctx context.Context, t uint64) (*types.Header, error) {
	head, err := c.el.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	if head.Time < t {
		return nil, fmt.Errorf("the execution client's head (block %v, time %d) is before the slot's time %d: is it synced?", head.Number, head.Time, t)
	}
	lo, hi := uint64(0), head.Number.Uint64()
	for lo <= hi {
		mid := lo + (hi-lo)/2
		h, err := c.el.HeaderByNumber(ctx, new(big.Int).SetUint64(mid))
		if err != nil {
			return nil, fmt.Errorf("header %d: %w", mid, err)
		}
		switch {
		case h.Time == t:
			return h, nil
		case h.Time < t:
			lo = mid + 1
		default:
			if mid == 0 {
				return nil, nil
			}
			hi = mid - 1
		}
	}
	return nil, nil
}

// void says whether the sender's nonce was spent before the slot: in the
// state of the last block before the slot's time (what defendVoid proves).
func (c *Challenger) void(ctx context.Context, p *preconf.InclusionCommitment, t uint64) (bool, string, error) {
	if p.ChainID.Cmp(c.domain.ChainID) != 0 || t == 0 {
		return false, "", nil
	}
	before, err := c.lastBefore(ctx, t)
	if err != nil || before == nil {
		return false, "", err
	}
	n, err := c.el.NonceAt(ctx, p.Sender, before.Number)
	if err != nil {
		return false, "", fmt.Errorf("nonce of %s at block %v: %w", p.Sender, before.Number, err)
	}
	if n > p.Nonce {
		return true, fmt.Sprintf("the sender's nonce was %d before the slot (block %v), beyond the promised %d: the operator can defend with defendVoid", n, before.Number, p.Nonce), nil
	}
	return false, "", nil
}

// lastBefore is the newest block with a timestamp below t.
func (c *Challenger) lastBefore(ctx context.Context, t uint64) (*types.Header, error) {
	head, err := c.el.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, fmt.Errorf("head: %w", err)
	}
	lo, hi := uint64(0), head.Number.Uint64()
	var best *types.Header
	for lo <= hi {
		mid := lo + (hi-lo)/2
		h, err := c.el.HeaderByNumber(ctx, new(big.Int).SetUint64(mid))
		if err != nil {
			return nil, fmt.Errorf("header %d: %w", mid, err)
		}
		if h.Time < t {
			best, lo = h, mid+1
		} else {
			if mid == 0 {
				break
			}
			hi = mid - 1
		}
	}
	return best, nil
}

// checkL1 looks for the tx in the slot's block.
func (c *Challenger) checkL1(ctx context.Context, p *preconf.InclusionCommitment, hd *types.Header, others []*preconf.SignedCommitment) (Verdict, string, error) {
	b, err := c.el.BlockByNumber(ctx, hd.Number)
	if err != nil {
		return "", "", fmt.Errorf("block %v: %w", hd.Number, err)
	}
	if b.Hash() != hd.Hash() {
		return "", "", fmt.Errorf("block %v changed while reading it: the chain moved", hd.Number)
	}
	for i, tx := range b.Transactions() {
		if tx.Hash() == p.TxHash {
			return Kept, fmt.Sprintf("tx %s is at index %d of block %v, the block of slot %d", p.TxHash, i, hd.Number, p.Slot), nil
		}
	}
	why := fmt.Sprintf("block %v (%s), the block of slot %d, does not hold tx %s", hd.Number, hd.Hash(), p.Slot, p.TxHash)
	// When the chain knows the tx, its max cost against the sender's balance
	// right before the slot's block is what defendBalance proves.
	if tx, _, err := c.el.TransactionByHash(ctx, p.TxHash); err == nil && hd.Number.Sign() > 0 {
		parent := new(big.Int).Sub(hd.Number, big.NewInt(1))
		bal, err := c.el.BalanceAt(ctx, p.Sender, parent)
		if err != nil {
			return "", "", fmt.Errorf("balance of %s at block %v: %w", p.Sender, parent, err)
		}
		if bal.Cmp(tx.Cost()) < 0 {
			return Void, fmt.Sprintf("the sender's balance %v before block %v is below the tx's max cost %v: the operator can defend with defendBalance", bal, hd.Number, tx.Cost()), nil
		}
		if run, cost, err := c.runBefore(ctx, p, b, parent, others); err != nil {
			return "", "", err
		} else if run > 0 && bal.Cmp(new(big.Int).Add(cost, tx.Cost())) < 0 {
			return Void, fmt.Sprintf("the sender's balance %v before block %v is below the max cost %v of its %d txs before nonce %d (in that block or promised for the slot) and the tx's %v: the operator can defend with defendBalanceRun", bal, hd.Number, cost, run, p.Nonce, tx.Cost()), nil
		}
		if rc, err := c.el.TransactionReceipt(ctx, p.TxHash); err == nil {
			why += fmt.Sprintf(" (it landed in block %v instead)", rc.BlockNumber)
		}
	}
	return Broken, why, nil
}

// runBefore finds the sender's txs at every nonce from its nonce in the state
// of block parent up to the promise's, each in block b (the slot's) or, when b
// does not hold that nonce, promised by the same committer for the same slot
// among others (its tx read from the chain by hash), and returns how many and
// the sum of their max costs; 0 when p's nonce is the account's or a nonce of
// the run is in neither. The operator can cite those txs in defendBalanceRun
// (it signs the commitments it cites itself). A run it broke that the wallet
// does not list, or a replacement the sender signed and never sent, cannot be
// seen here: then the operator may still defend, and a challenge of p may
// lose its bond.
func (c *Challenger) runBefore(ctx context.Context, p *preconf.InclusionCommitment, b *types.Block, parent *big.Int, others []*preconf.SignedCommitment) (int, *big.Int, error) {
	first, err := c.el.NonceAt(ctx, p.Sender, parent)
	if err != nil {
		return 0, nil, fmt.Errorf("nonce of %s at block %v: %w", p.Sender, parent, err)
	}
	if first >= p.Nonce {
		return 0, nil, nil
	}
	signer := types.LatestSignerForChainID(c.domain.ChainID)
	inBlock := map[uint64]*types.Transaction{}
	for _, tx := range b.Transactions() {
		if tx.Nonce() < first || tx.Nonce() >= p.Nonce {
			continue
		}
		if from, err := types.Sender(signer, tx); err == nil && from == p.Sender {
			inBlock[tx.Nonce()] = tx
		}
	}
	cost := new(big.Int)
	for n := first; n < p.Nonce; n++ {
		tx := inBlock[n]
		if tx == nil {
			tx = c.promisedAt(ctx, p, n, others, signer)
		}
		if tx == nil {
			return 0, nil, nil
		}
		cost.Add(cost, tx.Cost())
	}
	return int(p.Nonce - first), cost, nil
}

// promisedAt is the tx of a promise among others by p's committer to p's
// sender for p's slot on L1 at nonce n, read from the chain by its hash and
// checked (hash, nonce, sender); nil when there is none.
func (c *Challenger) promisedAt(ctx context.Context, p *preconf.InclusionCommitment, n uint64, others []*preconf.SignedCommitment, signer types.Signer) *types.Transaction {
	for _, o := range others {
		q := &o.Commitment
		if q.Nonce != n || q.Slot != p.Slot || q.Sender != p.Sender || q.Committer != p.Committer ||
			q.ChainID == nil || q.ChainID.Cmp(c.domain.ChainID) != 0 || c.Verify(o) != nil {
			continue
		}
		tx, _, err := c.el.TransactionByHash(ctx, q.TxHash)
		if err != nil || tx.Hash() != q.TxHash || tx.Nonce() != n {
			continue
		}
		if from, err := types.Sender(signer, tx); err == nil && from == p.Sender {
			return tx
		}
	}
	return nil
}

// L2Listing is where a rollup promise's tx is listed in the committer's batch of its slot:
// the batch's headers (whose hash the inbox keeps), the index of the rollup's block and that
// block's tx hashes, in order; what PreconfSlasher.defendL2 takes (with a tx root proof).
type L2Listing struct {
	Posting rollup.Posting
	Index   int
	Hashes  []common.Hash
}

// FindL2 reads the committer's batch of the promise's slot from the block hd of that slot:
// the RollupInbox's events name the batch, its data (calldata or blobs) gives the blocks,
// whose headers must be the events' (and so the batch hash defendL2 checks). It returns the
// listing of the rollup's block (Index −1 when the block does not list the tx), or a
// verdict and reason when there is none to read.
func (c *Challenger) FindL2(ctx context.Context, p *preconf.InclusionCommitment, hd *types.Header) (*L2Listing, Verdict, string, error) {
	if !p.ChainID.IsUint64() {
		return nil, Broken, fmt.Sprintf("chain %v is no rollup the inbox can hold", p.ChainID), nil
	}
	in, err := rollup.NewInbox(c.el, c.inbox, p.ChainID.Uint64(), c.blobs)
	if err != nil {
		return nil, "", "", err
	}
	n := hd.Number.Uint64()
	posts, err := in.Postings(ctx, n, n)
	if err != nil {
		return nil, "", "", err
	}
	var post *rollup.Posting
	for i := range posts {
		if posts[i].Poster == p.Committer && posts[i].Slot == p.Slot {
			post = &posts[i]
			break
		}
	}
	if post == nil {
		return nil, Broken, fmt.Sprintf("block %v of slot %d holds no batch of the committer %s with a block of rollup %v", n, p.Slot, p.Committer, p.ChainID), nil
	}
	env, err := in.Envelope(ctx, *post, func(l1Time uint64) uint64 {
		return (l1Time - c.params.GenesisTime) / c.params.SecondsPerSlot
	})
	if err != nil {
		if errors.Is(err, rollup.ErrData) {
			return nil, Undecided, fmt.Sprintf("the committer's batch in %s does not match its data (%v): the operator may still prove the tx in the header's tx root", post.TxHash, err), nil
		}
		return nil, "", "", err
	}
	blocks, err := mempool.DecodeBatch(env)
	if err == nil {
		err = mempool.CheckHeaders(post.Headers, blocks)
	}
	if err != nil {
		return nil, Undecided, fmt.Sprintf("the committer's batch in %s does not decode against its headers (%v): the operator may still prove the tx in the header's tx root", post.TxHash, err), nil
	}
	for i := range blocks {
		if blocks[i].ChainID == nil || blocks[i].ChainID.Cmp(p.ChainID) != 0 {
			continue
		}
		hashes := blocks[i].TxHashes()
		if slices.Contains(hashes, p.TxHash) {
			return &L2Listing{Posting: *post, Index: i, Hashes: hashes}, Kept, fmt.Sprintf("tx %s is listed in rollup %v's block of the committer's batch %s (slot %d)", p.TxHash, p.ChainID, post.TxHash, p.Slot), nil
		}
	}
	return &L2Listing{Posting: *post, Index: -1}, Broken, fmt.Sprintf("rollup %v's block of the committer's batch %s (slot %d) does not list tx %s", p.ChainID, post.TxHash, p.Slot, p.TxHash), nil
}

// checkL2 is the verdict of a rollup promise from the committer's batch of its slot.
func (c *Challenger) checkL2(ctx context.Context, p *preconf.InclusionCommitment, hd *types.Header) (Verdict, string, error) {
	_, v, why, err := c.FindL2(ctx, p, hd)
	return v, why, err
}
