package keys

import (
	"crypto/ecdsa"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/google/uuid"
)

// ErrCommitterKey is wrapped when the committer key cannot be loaded.
var ErrCommitterKey = errors.New("bad committer key")

// LoadCommitter reads the committer's ECDSA key from a keystore v3 JSON file
// (decrypted with the password in passwordFile) or from a file holding the key in hex.
func LoadCommitter(path, passwordFile string) (*ecdsa.PrivateKey, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCommitterKey, err)
	}
	text := strings.TrimSpace(string(raw))
	if strings.HasPrefix(text, "{") {
		if passwordFile == "" {
			return nil, fmt.Errorf("%w: %s is a keystore; a password file is needed", ErrCommitterKey, path)
		}
		pw, err := ReadPassword(passwordFile)
		if err != nil {
			return nil, fmt.Errorf("%w: password file: %w", ErrCommitterKey, err)
		}
		k, err := keystore.DecryptKey([]byte(text), pw)
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", ErrCommitterKey, path, err)
		}
		return k.PrivateKey, nil
	}
	k, err := ParseCommitterHex(text)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return k, nil
}

// ParseCommitterHex reads a secp256k1 key in hex (0x optional).
func ParseCommitterHex(s string) (*ecdsa.PrivateKey, error) {
	b, err := hex.DecodeString(strings.TrimPrefix(strings.TrimSpace(s), "0x"))
	if err != nil || len(b) != 32 {
		return nil, fmt.Errorf("%w: want 32 bytes of hex", ErrCommitterKey)
	}
	k, err := crypto.ToECDSA(b)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCommitterKey, err)
	}
	return k, nil
}

// WriteCommitterKeystore stores key as a keystore v3 file at path (mode 0600), never overwriting.
func WriteCommitterKeystore(path string, key *ecdsa.PrivateKey, password string, scryptN, scryptP int) error {
	k := &keystore.Key{Address: crypto.PubkeyToAddress(key.PublicKey), PrivateKey: key}
	id, err := uuid.NewRandom()
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCommitterKey, err)
	}
	k.Id = id
	js, err := keystore.EncryptKey(k, password, scryptN, scryptP)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCommitterKey, err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrCommitterKey, err)
	}
	if _, err := f.Write(js); err != nil {
		f.Close()
		return fmt.Errorf("%w: %w", ErrCommitterKey, err)
	}
	return f.Close()
}
