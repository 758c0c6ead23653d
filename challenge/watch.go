package challenge

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/preconf"
)

// Stage is how far the watcher got with one promise.
type Stage string

// The stages of a watched promise; Done and Settled end its watch.
const (
	StageWatching Stage = "watching" // slot not final, or challenge not yet possible
	StageOpened   Stage = "opened"   // challenge open, waiting for the defence window
	StageSlashed  Stage = "slashed"  // slashed, payout not claimed yet
	StageDone     Stage = "done"     // kept, void, defended, or slashed and claimed
)

// Entry is the durable progress of one promise.
type Entry struct {
	Stage   Stage       `json:"stage"`
	Verdict Verdict     `json:"verdict,omitempty"`
	Reason  string      `json:"reason,omitempty"`
	Opened  common.Hash `json:"openTx,omitempty"`
	Slashed common.Hash `json:"slashTx,omitempty"`
	Claimed common.Hash `json:"claimTx,omitempty"`
}

// State is the watcher's progress file: one entry per promise digest. It is
// replaced atomically (temporary file, fsync, rename, fsync of the folder)
// after every change, so a kill -9 at any moment resumes from the last step;
// the slasher's own record (challenges(digest)) is read before every
// action, so a step done but not yet saved is never done twice.
type State struct {
	path    string
	Entries map[common.Hash]*Entry `json:"promises"`
}

// LoadState reads the progress file at path (none yet: empty).
func LoadState(path string) (*State, error) {
	s := &State{path: path, Entries: map[common.Hash]*Entry{}}
	b, err := os.ReadFile(path)
	if errors.Is(err, os.ErrNotExist) {
		return s, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, s); err != nil {
		return nil, fmt.Errorf("state %s: %w", path, err)
	}
	if s.Entries == nil {
		s.Entries = map[common.Hash]*Entry{}
	}
	return s, nil
}

// Save writes the state durably.
func (s *State) Save() error {
	b, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	dir := filepath.Dir(s.path)
	f, err := os.CreateTemp(dir, ".challenge-state-*")
	if err != nil {
		return err
	}
	tmp := f.Name()
	defer os.Remove(tmp)
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return err
	}
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	return d.Sync()
}

// Watcher follows a list of promises and enforces each broken one without
// attention: it opens the challenge once possible, slashes after the defence
// window and claims the payout for the key it sends with.
type Watcher struct {
	C        *Challenger
	Auth     *bind.TransactOpts
	State    *State
	Log      *slog.Logger
	Interval time.Duration // between rounds; 0: the slot time
}

// Step makes one round over the promises and reports whether any is still
// being watched.
func (w *Watcher) Step(ctx context.Context, promises []*preconf.SignedCommitment) (bool, error) {
	active := false
	var errs []error
	claim := false
	for _, sc := range promises {
		d := sc.Commitment.Digest(w.C.Domain())
		e := w.State.Entries[d]
		if e == nil {
			e = &Entry{Stage: StageWatching}
			w.State.Entries[d] = e
		}
		if e.Stage == StageDone {
			continue
		}
		before := *e
		if err := w.step(ctx, sc, d, e, promises); err != nil {
			errs = append(errs, fmt.Errorf("promise %s (slot %d, tx %s): %w", d, sc.Commitment.Slot, sc.Commitment.TxHash, err))
		}
		if e.Stage == StageSlashed {
			claim = true
		}
		if e.Stage != StageDone {
			active = true
		}
		if *e != before {
			if err := w.State.Save(); err != nil {
				return true, fmt.Errorf("saving progress: %w", err)
			}
		}
	}
	if claim {
		res, owed, err := w.C.Claim(ctx, w.Auth)
		switch {
		case err == nil || errors.Is(err, ErrNothingToClaim):
			// Nothing owed is a claim made before (by us before a restart, or a sender's own).
			for _, e := range w.State.Entries {
				if e.Stage == StageSlashed {
					e.Stage = StageDone
					if res != nil && res.Sent != nil {
						e.Claimed = res.Sent.Hash()
					}
				}
			}
			if res != nil {
				w.Log.Info("claimed", "account", w.Auth.From, "wei", owed, "tx", res.Sent.Hash(), "gas", res.Receipt.GasUsed)
			}
			if err := w.State.Save(); err != nil {
				return true, fmt.Errorf("saving progress: %w", err)
			}
			active = false
			for _, e := range w.State.Entries {
				if e.Stage != StageDone {
					active = true
				}
			}
		default:
			errs = append(errs, err)
		}
	}
	return active, errors.Join(errs...)
}

func (w *Watcher) step(ctx context.Context, sc *preconf.SignedCommitment, d common.Hash, e *Entry, promises []*preconf.SignedCommitment) error {
	r, err := w.C.Check(ctx, sc, promises...)
	if errors.Is(err, ErrVerify) {
		// No slasher would take it: nothing to enforce, ever.
		e.Stage, e.Verdict, e.Reason = StageDone, Invalid, err.Error()
		w.Log.Error("promise does not verify under the chain's domain; not watched", "digest", d, "err", err)
		return nil
	}
	if err != nil {
		return err
	}
	e.Verdict, e.Reason = r.Verdict, r.Reason
	switch r.Challenge.Status {
	case StatusDefended:
		e.Stage = StageDone
		w.Log.Warn("challenge defended", "digest", d, "verdict", r.Verdict)
		return nil
	case StatusSlashed:
		if e.Stage != StageSlashed {
			e.Stage = StageSlashed
		}
		return nil
	case StatusOpen:
		e.Stage = StageOpened
		now, err := w.C.chainTime(ctx)
		if err != nil {
			return err
		}
		if now < r.Challenge.SlashFrom {
			return nil
		}
		res, err := w.C.Slash(ctx, w.Auth, sc)
		if err != nil {
			return err
		}
		if res.Sent != nil {
			e.Slashed = res.Sent.Hash()
			w.Log.Info("slashed", "digest", d, "tx", res.Sent.Hash(), "gas", res.Receipt.GasUsed)
		}
		e.Stage = StageSlashed
		return nil
	}
	switch r.Verdict {
	case Kept, Void:
		e.Stage = StageDone
		w.Log.Info("promise not broken", "digest", d, "verdict", r.Verdict, "reason", r.Reason)
		return nil
	case Pending, Undecided:
		return nil
	}
	now, err := w.C.chainTime(ctx)
	if err != nil {
		return err
	}
	if now < r.OpenFrom {
		return nil
	}
	if now > r.OpenUntil {
		e.Stage = StageDone
		w.Log.Error("challenge window closed before the challenge could open", "digest", d, "verdict", r.Verdict)
		return nil
	}
	res, err := w.C.Open(ctx, w.Auth, sc, promises...)
	if err != nil {
		return err
	}
	if res.Sent != nil {
		e.Opened = res.Sent.Hash()
		w.Log.Info("challenge opened", "digest", d, "verdict", r.Verdict, "tx", res.Sent.Hash(), "gas", res.Receipt.GasUsed)
	}
	e.Stage = StageOpened
	return nil
}

// Run repeats Step until every promise is done or ctx ends; a failing round
// is logged and retried at the next.
func (w *Watcher) Run(ctx context.Context, promises []*preconf.SignedCommitment) error {
	every := w.Interval
	if every <= 0 {
		every = time.Duration(w.C.Params().SecondsPerSlot) * time.Second
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		active, err := w.Step(ctx, promises)
		if err != nil {
			w.Log.Warn("round failed; retrying", "err", err)
		}
		if !active && err == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		}
	}
}
