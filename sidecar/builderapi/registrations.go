package builderapi

import (
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum/common"
)

// Registration is a validator's latest builder registration: where its
// block's fees go and the gas limit it wants.
type Registration struct {
	Pubkey       [48]byte
	FeeRecipient common.Address
	GasLimit     uint64
	Timestamp    uint64
	// Received is when the beacon node last sent it to us (not signed; ours).
	Received time.Time
}

// Registrations keeps the latest registration per validator public key.
type Registrations struct {
	mu     sync.RWMutex
	m      map[[48]byte]Registration
	now    func() time.Time
	header time.Time // the last header request (the beacon node holds registrations)
}

// NewRegistrations returns an empty store.
func NewRegistrations() *Registrations {
	return &Registrations{m: map[[48]byte]Registration{}, now: time.Now}
}

// Get returns the latest registration of pubkey.
func (r *Registrations) Get(pubkey [48]byte) (Registration, bool) {
	r.mu.RLock()
	defer r.mu.RUnlock()
	x, ok := r.m[pubkey]
	return x, ok
}

// LastHeader returns when the beacon node last asked for a header; it asks
// only for a validator it holds a registration of.
func (r *Registrations) LastHeader() time.Time {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return r.header
}

// headerAsked records a header request.
func (r *Registrations) headerAsked() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.header = r.now()
}

// Len is the number of validators registered.
func (r *Registrations) Len() int {
	r.mu.RLock()
	defer r.mu.RUnlock()
	return len(r.m)
}

// put keeps regs whose timestamp is not older than the one held, received now.
func (r *Registrations) put(regs []Registration) {
	r.mu.Lock()
	defer r.mu.Unlock()
	now := r.now()
	for _, x := range regs {
		if old, ok := r.m[x.Pubkey]; ok && old.Timestamp > x.Timestamp {
			old.Received = now // sent again, if older: the beacon node holds one
			r.m[x.Pubkey] = old
			continue
		}
		x.Received = now
		r.m[x.Pubkey] = x
	}
}

// ParseRegistrations decodes a registrations body (JSON or SSZ) into the
// registrations it holds; signatures are checked for form only.
func ParseRegistrations(body []byte, contentType string) ([]Registration, error) {
	switch contentType {
	case contentSSZ:
		if len(body) == 0 || len(body)%sszRegistrationSize != 0 {
			return nil, fmt.Errorf("%w: registrations: SSZ length %d is not a multiple of %d", ErrBadRequest, len(body), sszRegistrationSize)
		}
		out := make([]Registration, 0, len(body)/sszRegistrationSize)
		for b := body; len(b) > 0; b = b[sszRegistrationSize:] {
			var x Registration
			copy(x.FeeRecipient[:], b[0:20])
			x.GasLimit = binary.LittleEndian.Uint64(b[20:28])
			x.Timestamp = binary.LittleEndian.Uint64(b[28:36])
			copy(x.Pubkey[:], b[36:84])
			out = append(out, x)
		}
		return out, nil
	case contentJSON:
		var regs []struct {
			Message *struct {
				FeeRecipient string `json:"fee_recipient"`
				GasLimit     string `json:"gas_limit"`
				Timestamp    string `json:"timestamp"`
				Pubkey       string `json:"pubkey"`
			} `json:"message"`
			Signature string `json:"signature"`
		}
		if err := json.Unmarshal(body, &regs); err != nil {
			return nil, fmt.Errorf("%w: registrations: %v", ErrBadRequest, err)
		}
		out := make([]Registration, 0, len(regs))
		for i, r := range regs {
			if r.Message == nil || !isHex(r.Message.Pubkey, 48) || !isHex(r.Signature, 96) {
				return nil, fmt.Errorf("%w: registrations[%d]: message.pubkey and signature must be 0x-hex of 48 and 96 bytes", ErrBadRequest, i)
			}
			m := r.Message
			if !isHex(strings.ToLower(m.FeeRecipient), 20) {
				return nil, fmt.Errorf("%w: registrations[%d].message.fee_recipient: want 0x and 20 bytes of hex", ErrBadRequest, i)
			}
			gl, err := strconv.ParseUint(m.GasLimit, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: registrations[%d].message.gas_limit: want a decimal integer", ErrBadRequest, i)
			}
			ts, err := strconv.ParseUint(m.Timestamp, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("%w: registrations[%d].message.timestamp: want a decimal integer", ErrBadRequest, i)
			}
			x := Registration{FeeRecipient: common.HexToAddress(m.FeeRecipient), GasLimit: gl, Timestamp: ts}
			pk, _ := hex.DecodeString(m.Pubkey[2:])
			copy(x.Pubkey[:], pk)
			out = append(out, x)
		}
		return out, nil
	default:
		return nil, fmt.Errorf("%w: Content-Type %q: want %s or %s", ErrBadRequest, contentType, contentJSON, contentSSZ)
	}
}
