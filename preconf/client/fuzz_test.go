package client

import (
	"errors"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/common"

	"github.com/basedsidecar/based/preconf"
)

// Answer kinds of FuzzDecodeAnswers: the first argument picks the decoder.
const (
	kindCommitment = iota
	kindQuote
	kindLookahead
	kindStatus
	kindManifest
	kindProof
	kindEvent
	kinds
)

// FuzzDecodeAnswers feeds every answer a sidecar can give the client to its
// decoder and to the checks that read the decoded value: a bad answer must
// be an error, never a panic. Seeds: testdata/fuzz/FuzzDecodeAnswers (answers
// recorded from a sidecar, and the proof that once panicked inside go-verkle).
func FuzzDecodeAnswers(f *testing.F) {
	f.Add(byte(kindProof), []byte(`{"proof":{}}`))
	f.Add(byte(kindProof), []byte(`{"proof":{"otherStems":[],"depthExtensionPresent":"0x","commitmentsByPath":[],"d":"0x","ipa_proof":null},"stateDiff":[]}`))
	f.Add(byte(kindCommitment), []byte(`{"commitment":{},"digest":"0x","signature":"0x"}`))
	f.Add(byte(kindLookahead), []byte(`[{"slot":"0x1","committer":null}]`))
	f.Add(byte(kindStatus), []byte(`{"chain":{},"engine":{"chainId":null}}`))
	f.Add(byte(kindManifest), []byte(`{"slot":"0x1","root":"0x","count":"0x0","signature":"0x"}`))
	f.Add(byte(kindEvent), []byte(`{"kind":"commitment","commitment":null}`))
	domain := preconf.Domain{ChainID: big.NewInt(1), VerifyingContract: common.Address{1}}
	committer := common.Address{2}
	look := []preconf.LookaheadEntry{{Slot: 1, Ours: true, Committer: &committer}}
	f.Fuzz(func(t *testing.T, kind byte, b []byte) {
		sc := &preconf.SignedCommitment{}
		switch kind % kinds {
		case kindCommitment:
			v, err := Decode[preconf.SignedCommitment](b)
			if err != nil {
				return
			}
			_ = VerifyCommitment(v, domain, nil)
			_ = VerifyCommitment(v, domain, look)
			_ = CheckRequest(v, 1, nil, []byte{0x02}, domain)
			_ = VerifyManifestProof(v, &preconf.SignedManifest{}, &preconf.ManifestProof{}, domain)
		case kindQuote:
			_, _ = Decode[preconf.Quote](b)
		case kindLookahead:
			if v, err := Decode[[]preconf.LookaheadEntry](b); err == nil {
				_ = VerifyCommitment(sc, domain, *v)
			}
		case kindStatus:
			_, _ = Decode[preconf.NodeStatus](b)
		case kindManifest:
			if v, err := Decode[preconf.SignedManifest](b); err == nil {
				_ = VerifyManifestProof(sc, v, &preconf.ManifestProof{}, domain)
			}
		case kindProof:
			if v, err := Decode[preconf.ManifestProof](b); err == nil {
				_ = VerifyManifestProof(sc, &preconf.SignedManifest{}, v, domain)
				_ = verifyProof(v)
			}
		case kindEvent:
			_, _ = Decode[preconf.Event](b)
		}
	})
}

// TestDecodeBadAnswers checks answers that once crashed the client or that a
// lying sidecar may send: each is an ErrBadAnswer.
func TestDecodeBadAnswers(t *testing.T) {
	for _, tc := range []struct {
		name   string
		decode func([]byte) error
		body   string
	}{
		{"proof with an empty verkle proof (panicked in go-verkle)", func(b []byte) error { _, err := Decode[preconf.ManifestProof](b); return err }, `{"proof":{}}`},
		{"commitment not an object", func(b []byte) error { _, err := Decode[preconf.SignedCommitment](b); return err }, `[1]`},
		{"penalty a bare number", func(b []byte) error { _, err := Decode[preconf.SignedCommitment](b); return err }, `{"commitment":{"penalty":1e30}}`},
		{"lookahead not a list", func(b []byte) error { _, err := Decode[[]preconf.LookaheadEntry](b); return err }, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if err := tc.decode([]byte(tc.body)); !errors.Is(err, ErrBadAnswer) {
				t.Fatalf("error %v, want ErrBadAnswer", err)
			}
		})
	}
}
