package keys

import (
	"bufio"
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/flashbots/go-boost-utils/bls"

	"github.com/basedsidecar/based/preconf"
)

// ErrValidatorKey is wrapped when a validator key or public key cannot be used.
var ErrValidatorKey = errors.New("bad validator key")

// Validator is one of our validators: always its public key, and its secret
// key when the sidecar signs for it itself.
type Validator struct {
	Pubkey preconf.BLSPubkey
	// Secret is nil when only the public key is known (signing is delegated).
	Secret *bls.SecretKey
}

// ReadPassword reads a password file, dropping one trailing line ending.
func ReadPassword(path string) (string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return strings.TrimRight(string(b), "\r\n"), nil
}

// LoadKeystores decrypts every EIP-2335 keystore (*.json) in dir with the
// password in passwordFile and checks each secret against its stated pubkey.
func LoadKeystores(dir, passwordFile string) ([]Validator, error) {
	pw, err := ReadPassword(passwordFile)
	if err != nil {
		return nil, fmt.Errorf("%w: password file: %w", ErrValidatorKey, err)
	}
	paths, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrValidatorKey, err)
	}
	sort.Strings(paths)
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: %s: no keystore (*.json) found", ErrValidatorKey, dir)
	}
	var out []Validator
	seen := map[preconf.BLSPubkey]bool{}
	for _, p := range paths {
		v, err := loadKeystore(p, pw)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrValidatorKey, filepath.Base(p), err)
		}
		if seen[v.Pubkey] {
			return nil, fmt.Errorf("%w: %s: pubkey %x appears twice", ErrValidatorKey, filepath.Base(p), v.Pubkey)
		}
		seen[v.Pubkey] = true
		out = append(out, v)
	}
	return out, nil
}

func loadKeystore(path, password string) (Validator, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Validator{}, err
	}
	var ks Keystore
	if err := json.Unmarshal(raw, &ks); err != nil {
		return Validator{}, fmt.Errorf("%w: %v", ErrKeystore, err)
	}
	secret, err := ks.Decrypt(password)
	if err != nil {
		return Validator{}, err
	}
	sk, err := bls.SecretKeyFromBytes(secret)
	if err != nil {
		return Validator{}, fmt.Errorf("%w: secret is not a BLS key: %v", ErrKeystore, err)
	}
	pk, err := bls.PublicKeyFromSecretKey(sk)
	if err != nil {
		return Validator{}, fmt.Errorf("%w: %v", ErrKeystore, err)
	}
	var v Validator
	copy(v.Pubkey[:], bls.PublicKeyToBytes(pk))
	if ks.Pubkey != "" {
		stated, err := ParsePubkey(ks.Pubkey)
		if err != nil {
			return Validator{}, fmt.Errorf("%w: pubkey: %w", ErrKeystore, err)
		}
		if stated != v.Pubkey {
			return Validator{}, fmt.Errorf("%w: pubkey %x does not match the secret (%x)", ErrKeystore, stated, v.Pubkey)
		}
	}
	v.Secret = sk
	return v, nil
}

// ParsePubkey reads a 48-byte BLS public key in hex (0x optional) and checks it is on the curve.
func ParsePubkey(s string) (preconf.BLSPubkey, error) {
	var pk preconf.BLSPubkey
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil || len(b) != len(pk) {
		return pk, fmt.Errorf("%w: %q: want 48 bytes of hex", ErrValidatorKey, s)
	}
	if _, err := bls.PublicKeyFromBytes(b); err != nil {
		return pk, fmt.Errorf("%w: %q: not a BLS public key: %v", ErrValidatorKey, s, err)
	}
	copy(pk[:], b)
	return pk, nil
}

// LoadPubkeys reads public keys, one per line (blank lines and # comments skipped).
func LoadPubkeys(path string) ([]Validator, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrValidatorKey, err)
	}
	var out []Validator
	seen := map[preconf.BLSPubkey]bool{}
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		pk, err := ParsePubkey(line)
		if err != nil {
			return nil, fmt.Errorf("%s line %d: %w", filepath.Base(path), n, err)
		}
		if seen[pk] {
			return nil, fmt.Errorf("%w: %s line %d: pubkey appears twice", ErrValidatorKey, filepath.Base(path), n)
		}
		seen[pk] = true
		out = append(out, Validator{Pubkey: pk})
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("%w: %s: no public key", ErrValidatorKey, path)
	}
	return out, nil
}
