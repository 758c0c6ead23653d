package keys

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/flashbots/go-boost-utils/bls"
)

// LoadBLSKey reads one BLS secret key from an EIP-2335 keystore (the
// builder key that signs our bids).
func LoadBLSKey(path, passwordFile string) (*bls.SecretKey, error) {
	pw, err := ReadPassword(passwordFile)
	if err != nil {
		return nil, err
	}
	v, err := loadKeystore(path, pw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return v.Secret, nil
}

// WriteBLSKeystore generates a BLS key and writes it as an EIP-2335
// keystore at path (mode 0600, never overwritten); it returns the public key.
func WriteBLSKeystore(path, password string, scryptN int) ([]byte, error) {
	sk, pk, err := bls.GenerateNewKeypair()
	if err != nil {
		return nil, err
	}
	pub := bls.PublicKeyToBytes(pk)
	ks, err := EncryptKeystore(bls.SecretKeyToBytes(sk), pub, password, scryptN)
	if err != nil {
		return nil, err
	}
	b, err := json.MarshalIndent(ks, "", "  ")
	if err != nil {
		return nil, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	_, err = f.Write(b)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return pub, err
}
