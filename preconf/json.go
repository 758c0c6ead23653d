package preconf

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
)

// Every integer of our JSON is a 0x quantity (the Ethereum JSON-RPC
// convention): a JavaScript JSON.parse reads a bare number as a float64,
// which is exact only up to 2^53. The Go types keep their plain integers;
// the methods below convert at the wire.

// Quantity is an unsigned integer parameter: a 0x quantity, or for
// compatibility a bare JSON integer (no sign, fraction or exponent). It
// encodes as a 0x quantity.
type Quantity uint64

// MarshalJSON writes q as a 0x quantity.
func (q Quantity) MarshalJSON() ([]byte, error) { return appendQuantity(nil, uint64(q)), nil }

// ErrQuantity is wrapped by every Quantity that does not decode.
var ErrQuantity = errors.New("want a 0x quantity or a non-negative integer below 2^64")

// UnmarshalJSON reads a 0x quantity or a bare JSON integer.
func (q *Quantity) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var h hexutil.Uint64
		if err := h.UnmarshalJSON(b); err != nil {
			return fmt.Errorf("%w: %v", ErrQuantity, err)
		}
		*q = Quantity(h)
		return nil
	}
	if len(b) == 0 || b[0] < '0' || b[0] > '9' || (b[0] == '0' && len(b) > 1) {
		return fmt.Errorf("%w: %.40s", ErrQuantity, b)
	}
	n, err := strconv.ParseUint(string(b), 10, 64)
	if err != nil {
		return fmt.Errorf("%w: %.40s", ErrQuantity, b)
	}
	*q = Quantity(n)
	return nil
}

// inclusionCommitmentJSON is InclusionCommitment on the wire.
type inclusionCommitmentJSON struct {
	Slot      hexutil.Uint64 `json:"slot"`
	ChainID   *hexutil.Big   `json:"chainId"`
	TxHash    common.Hash    `json:"txHash"`
	Sender    common.Address `json:"sender"`
	Nonce     hexutil.Uint64 `json:"nonce"`
	Committer common.Address `json:"committer"`
	Seq       hexutil.Uint64 `json:"seq"`
	Penalty   *hexutil.Big   `json:"penalty"`
}

// MarshalJSON writes c with its integers as 0x quantities.
func (c InclusionCommitment) MarshalJSON() ([]byte, error) {
	return json.Marshal(inclusionCommitmentJSON{Slot: hexutil.Uint64(c.Slot), ChainID: (*hexutil.Big)(c.ChainID), TxHash: c.TxHash, Sender: c.Sender,
		Nonce: hexutil.Uint64(c.Nonce), Committer: c.Committer, Seq: hexutil.Uint64(c.Seq), Penalty: (*hexutil.Big)(c.Penalty)})
}

// UnmarshalJSON reads c from its wire form.
func (c *InclusionCommitment) UnmarshalJSON(b []byte) error {
	var w inclusionCommitmentJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*c = InclusionCommitment{Slot: uint64(w.Slot), ChainID: (*big.Int)(w.ChainID), TxHash: w.TxHash, Sender: w.Sender,
		Nonce: uint64(w.Nonce), Committer: w.Committer, Seq: uint64(w.Seq), Penalty: (*big.Int)(w.Penalty)}
	return nil
}

// TypedData is a promise as the document eth_signTypedData_v4 takes: a
// wallet verifies it with any EIP-712 library, without knowing our type.
type TypedData struct {
	Types       TypedDataTypes      `json:"types"`
	PrimaryType string              `json:"primaryType"`
	Domain      TypedDataDomain     `json:"domain"`
	Message     InclusionCommitment `json:"message"`
}

// TypedDataTypes are the struct types of a promise's TypedData.
type TypedDataTypes struct {
	EIP712Domain        []TypedDataField `json:"EIP712Domain"`
	InclusionCommitment []TypedDataField `json:"InclusionCommitment"`
}

// TypedDataField is one member of an EIP-712 struct type.
type TypedDataField struct {
	Name string `json:"name"`
	Type string `json:"type"`
}

// TypedDataDomain is the EIP-712 domain as eth_signTypedData_v4 takes it.
type TypedDataDomain struct {
	Name              string         `json:"name"`
	Version           string         `json:"version"`
	ChainID           *hexutil.Big   `json:"chainId"`
	VerifyingContract common.Address `json:"verifyingContract"`
}

// typedDataTypes are parsed once from the type strings the slasher hashes.
var typedDataTypes = TypedDataTypes{EIP712Domain: typeFields(DomainType), InclusionCommitment: typeFields(InclusionCommitmentType)}

// typeFields splits an EIP-712 type string "Name(type a,type b)" into its members.
func typeFields(s string) []TypedDataField {
	open := strings.IndexByte(s, '(')
	var out []TypedDataField
	for _, m := range strings.Split(strings.TrimSuffix(s[open+1:], ")"), ",") {
		typ, name, _ := strings.Cut(m, " ")
		out = append(out, TypedDataField{Name: name, Type: typ})
	}
	return out
}

// TypedData returns c under d as an eth_signTypedData_v4 document.
func (c InclusionCommitment) TypedData(d Domain) TypedData {
	return TypedData{
		Types:       typedDataTypes,
		PrimaryType: "InclusionCommitment",
		Domain:      TypedDataDomain{Name: DomainName, Version: DomainVersion, ChainID: (*hexutil.Big)(d.ChainID), VerifyingContract: d.VerifyingContract},
		Message:     c,
	}
}

// ErrTypedData is wrapped when a promise's typedData is not its commitment
// under our types.
var ErrTypedData = errors.New("typedData does not match the promise")

// signedCommitmentJSON is SignedCommitment on the wire (the slow path; the
// MarshalJSON in engine.go writes the same bytes by hand).
type signedCommitmentJSON struct {
	Commitment InclusionCommitment `json:"commitment"`
	Digest     common.Hash         `json:"digest"`
	Signature  hexutil.Bytes       `json:"signature"`
	Void       string              `json:"void,omitempty"`
	TypedData  *TypedData          `json:"typedData,omitempty"`
}

// UnmarshalJSON reads a promise. A typedData that is present must be the
// commitment under our types; its domain becomes sc.Domain, which a client
// still compares with the domain it trusts.
func (sc *SignedCommitment) UnmarshalJSON(b []byte) error {
	var w signedCommitmentJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*sc = SignedCommitment{Commitment: w.Commitment, Digest: w.Digest, Signature: w.Signature, Void: w.Void}
	if td := w.TypedData; td != nil {
		switch {
		case !reflect.DeepEqual(td.Types, typedDataTypes) || td.PrimaryType != "InclusionCommitment":
			return fmt.Errorf("%w: types or primaryType are not ours", ErrTypedData)
		case td.Domain.Name != DomainName || td.Domain.Version != DomainVersion || td.Domain.ChainID == nil:
			return fmt.Errorf("%w: domain %q %q %v", ErrTypedData, td.Domain.Name, td.Domain.Version, td.Domain.ChainID)
		case !sameCommitment(&td.Message, &w.Commitment):
			return fmt.Errorf("%w: message differs from commitment", ErrTypedData)
		}
		sc.Domain = &Domain{ChainID: td.Domain.ChainID.ToInt(), VerifyingContract: td.Domain.VerifyingContract}
	}
	return nil
}

func sameCommitment(a, b *InclusionCommitment) bool {
	return a.Slot == b.Slot && sameBig(a.ChainID, b.ChainID) && a.TxHash == b.TxHash && a.Sender == b.Sender && a.Nonce == b.Nonce &&
		a.Committer == b.Committer && a.Seq == b.Seq && sameBig(a.Penalty, b.Penalty)
}

func sameBig(a, b *big.Int) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Cmp(b) == 0
}

// appendQuantity appends x as a quoted 0x quantity, as hexutil.Uint64 encodes it.
func appendQuantity(b []byte, x uint64) []byte {
	b = append(b, `"0x`...)
	b = strconv.AppendUint(b, x, 16)
	return append(b, '"')
}

// appendBigQuantity appends x as hexutil.Big encodes it (nil is null).
func appendBigQuantity(b []byte, x *big.Int) []byte {
	switch {
	case x == nil:
		return append(b, "null"...)
	case x.Sign() < 0:
		return append(append(append(b, '"'), hexutil.EncodeBig(x)...), '"')
	}
	b = append(b, `"0x`...)
	b = x.Append(b, 16)
	return append(b, '"')
}

// typedDataHead is the constant start of every promise's typedData.
var typedDataHead = func() []byte {
	t, err := json.Marshal(typedDataTypes)
	if err != nil {
		panic(err)
	}
	var b bytes.Buffer
	b.WriteString(`{"types":`)
	b.Write(t)
	b.WriteString(`,"primaryType":"InclusionCommitment","domain":{"name":`)
	b.WriteString(strconv.Quote(DomainName))
	b.WriteString(`,"version":`)
	b.WriteString(strconv.Quote(DomainVersion))
	b.WriteString(`,"chainId":`)
	return b.Bytes()
}()

// quoteJSON is Quote on the wire.
type quoteJSON struct {
	Slot       hexutil.Uint64 `json:"slot"`
	Tip        *hexutil.Big   `json:"tip"`
	MinMaxFee  *hexutil.Big   `json:"minMaxFee"`
	MinBlobFee *hexutil.Big   `json:"minBlobFee"`
	GasLeft    hexutil.Uint64 `json:"gasLeft"`
	CountLeft  hexutil.Uint64 `json:"countLeft"`
	BlobsLeft  hexutil.Uint64 `json:"blobsLeft"`
	Penalty    *hexutil.Big   `json:"penalty,omitempty"`
}

// MarshalJSON writes q with its integers as 0x quantities.
func (q Quote) MarshalJSON() ([]byte, error) {
	return json.Marshal(quoteJSON{Slot: hexutil.Uint64(q.Slot), Tip: q.Tip, MinMaxFee: q.MinMaxFee, MinBlobFee: q.MinBlobFee,
		GasLeft: hexutil.Uint64(q.GasLeft), CountLeft: hexutil.Uint64(q.CountLeft), BlobsLeft: hexutil.Uint64(max(q.BlobsLeft, 0)), Penalty: q.Penalty})
}

// UnmarshalJSON reads q from its wire form.
func (q *Quote) UnmarshalJSON(b []byte) error {
	var w quoteJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if uint64(w.CountLeft) > 1<<32-1 || uint64(w.BlobsLeft) > 1<<31-1 {
		return fmt.Errorf("quote: countLeft %d or blobsLeft %d out of range", w.CountLeft, w.BlobsLeft)
	}
	*q = Quote{Slot: uint64(w.Slot), Tip: w.Tip, MinMaxFee: w.MinMaxFee, MinBlobFee: w.MinBlobFee,
		GasLeft: uint64(w.GasLeft), CountLeft: uint32(w.CountLeft), BlobsLeft: int(w.BlobsLeft), Penalty: w.Penalty}
	return nil
}

// statusJSON is Status on the wire.
type statusJSON struct {
	Committer   common.Address `json:"committer"`
	ChainID     *hexutil.Big   `json:"chainId"`
	Slasher     common.Address `json:"slasher"`
	OpenSlots   hexutil.Uint64 `json:"openSlots"`
	Promises    hexutil.Uint64 `json:"promises"`
	Outstanding *hexutil.Big   `json:"outstandingPenalties"`
	Collateral  *hexutil.Big   `json:"collateral"`
	Error       string         `json:"error,omitempty"`
}

// MarshalJSON writes s with its integers as 0x quantities.
func (s Status) MarshalJSON() ([]byte, error) {
	return json.Marshal(statusJSON{Committer: s.Committer, ChainID: s.ChainID, Slasher: s.Slasher, OpenSlots: hexutil.Uint64(max(s.OpenSlots, 0)),
		Promises: hexutil.Uint64(max(s.Promises, 0)), Outstanding: s.Outstanding, Collateral: s.Collateral, Error: s.Error})
}

// UnmarshalJSON reads s from its wire form.
func (s *Status) UnmarshalJSON(b []byte) error {
	var w statusJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if uint64(w.OpenSlots) > 1<<62 || uint64(w.Promises) > 1<<62 {
		return fmt.Errorf("status: openSlots %d or promises %d out of range", w.OpenSlots, w.Promises)
	}
	*s = Status{Committer: w.Committer, ChainID: w.ChainID, Slasher: w.Slasher, OpenSlots: int(w.OpenSlots), Promises: int(w.Promises),
		Outstanding: w.Outstanding, Collateral: w.Collateral, Error: w.Error}
	return nil
}

// chainStatusJSON is ChainStatus on the wire.
type chainStatusJSON struct {
	Synced      bool           `json:"synced"`
	HeadSlot    hexutil.Uint64 `json:"headSlot"`
	ClockSlot   hexutil.Uint64 `json:"clockSlot"`
	BeaconOK    bool           `json:"beaconReachable"`
	ExecutionOK bool           `json:"executionReachable"`
	NextSlot    hexutil.Uint64 `json:"nextSlot"`
	Reason      string         `json:"reason,omitempty"`
	GenesisTime hexutil.Uint64 `json:"genesisTime,omitempty"`
	SlotMs      hexutil.Uint64 `json:"slotDurationMs,omitempty"`
}

// MarshalJSON writes s with its slots as 0x quantities.
func (s ChainStatus) MarshalJSON() ([]byte, error) {
	return json.Marshal(chainStatusJSON{Synced: s.Synced, HeadSlot: hexutil.Uint64(s.HeadSlot), ClockSlot: hexutil.Uint64(s.ClockSlot), BeaconOK: s.BeaconOK,
		ExecutionOK: s.ExecutionOK, NextSlot: hexutil.Uint64(s.NextSlot), Reason: s.Reason,
		GenesisTime: hexutil.Uint64(s.GenesisTime), SlotMs: hexutil.Uint64(s.SlotDurationMs)})
}

// UnmarshalJSON reads s from its wire form.
func (s *ChainStatus) UnmarshalJSON(b []byte) error {
	var w chainStatusJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*s = ChainStatus{Synced: w.Synced, HeadSlot: uint64(w.HeadSlot), ClockSlot: uint64(w.ClockSlot), BeaconOK: w.BeaconOK,
		ExecutionOK: w.ExecutionOK, NextSlot: uint64(w.NextSlot), Reason: w.Reason,
		GenesisTime: uint64(w.GenesisTime), SlotDurationMs: uint64(w.SlotMs)}
	return nil
}

// signedManifestJSON is SignedManifest on the wire.
type signedManifestJSON struct {
	Slot      hexutil.Uint64 `json:"slot"`
	Root      common.Hash    `json:"root"`
	Count     hexutil.Uint64 `json:"count"`
	Signature hexutil.Bytes  `json:"signature"`
}

// MarshalJSON writes m with its integers as 0x quantities.
func (m SignedManifest) MarshalJSON() ([]byte, error) {
	return json.Marshal(signedManifestJSON{Slot: hexutil.Uint64(m.Slot), Root: m.Root, Count: hexutil.Uint64(m.Count), Signature: m.Signature})
}

// UnmarshalJSON reads m from its wire form.
func (m *SignedManifest) UnmarshalJSON(b []byte) error {
	var w signedManifestJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	if uint64(w.Count) > 1<<32-1 {
		return fmt.Errorf("manifest: count %d out of range", w.Count)
	}
	*m = SignedManifest{SlotManifest: SlotManifest{Slot: uint64(w.Slot), Root: w.Root, Count: uint32(w.Count)}, Signature: w.Signature}
	return nil
}

// lookaheadEntryJSON is LookaheadEntry on the wire.
type lookaheadEntryJSON struct {
	Slot           hexutil.Uint64  `json:"slot"`
	ValidatorIndex hexutil.Uint64  `json:"validatorIndex"`
	Pubkey         hexutil.Bytes   `json:"pubkey"`
	Ours           bool            `json:"ours"`
	Committer      *common.Address `json:"committer,omitempty"`
	Deadline       time.Time       `json:"deadline"`
}

// MarshalJSON writes e with its integers as 0x quantities.
func (e LookaheadEntry) MarshalJSON() ([]byte, error) {
	return json.Marshal(lookaheadEntryJSON{Slot: hexutil.Uint64(e.Slot), ValidatorIndex: hexutil.Uint64(e.ValidatorIndex), Pubkey: e.Pubkey,
		Ours: e.Ours, Committer: e.Committer, Deadline: e.Deadline})
}

// UnmarshalJSON reads e from its wire form.
func (e *LookaheadEntry) UnmarshalJSON(b []byte) error {
	var w lookaheadEntryJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*e = LookaheadEntry{Slot: uint64(w.Slot), ValidatorIndex: uint64(w.ValidatorIndex), Pubkey: w.Pubkey, Ours: w.Ours, Committer: w.Committer, Deadline: w.Deadline}
	return nil
}

// MarshalJSON writes p with its slot as a 0x quantity.
func (p ManifestProof) MarshalJSON() ([]byte, error) {
	type plain ManifestProof
	return json.Marshal(struct {
		plain
		Slot hexutil.Uint64 `json:"slot"`
	}{plain(p), hexutil.Uint64(p.Slot)})
}

// UnmarshalJSON reads p from its wire form.
func (p *ManifestProof) UnmarshalJSON(b []byte) error {
	type plain ManifestProof
	w := struct {
		*plain
		Slot hexutil.Uint64 `json:"slot"`
	}{plain: (*plain)(p)}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	p.Slot = uint64(w.Slot)
	return nil
}
