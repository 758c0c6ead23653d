// Package keys loads the sidecar's keys: validator BLS keys from EIP-2335
// keystores (or public keys only), the committer's ECDSA key, and the signed
// delegations from validator keys to the committer and a BLS delegate key.
package keys

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/pbkdf2"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"

	"golang.org/x/crypto/scrypt"
	"golang.org/x/text/unicode/norm"
)

var (
	// ErrKeystore is wrapped when a keystore file is malformed or uses unsupported crypto.
	ErrKeystore = errors.New("bad keystore")
	// ErrPassword is wrapped when a keystore's checksum does not match the password.
	ErrPassword = errors.New("wrong keystore password")
)

// Keystore is an EIP-2335 BLS keystore (version 4).
type Keystore struct {
	Crypto      keystoreCrypto `json:"crypto"`
	Description string         `json:"description"`
	Pubkey      string         `json:"pubkey"`
	Path        string         `json:"path"`
	UUID        string         `json:"uuid"`
	Version     int            `json:"version"`
}

type keystoreModule struct {
	Function string          `json:"function"`
	Params   json.RawMessage `json:"params"`
	Message  string          `json:"message"`
}

type keystoreCrypto struct {
	KDF      keystoreModule `json:"kdf"`
	Checksum keystoreModule `json:"checksum"`
	Cipher   keystoreModule `json:"cipher"`
}

type scryptParams struct {
	DKLen int    `json:"dklen"`
	N     int    `json:"n"`
	R     int    `json:"r"`
	P     int    `json:"p"`
	Salt  string `json:"salt"`
}

type pbkdf2Params struct {
	DKLen int    `json:"dklen"`
	C     int    `json:"c"`
	PRF   string `json:"prf"`
	Salt  string `json:"salt"`
}

type cipherParams struct {
	IV string `json:"iv"`
}

// normalizePassword applies EIP-2335's NFKD normalisation and strips control codes.
func normalizePassword(pw string) []byte {
	var out []byte
	for _, r := range norm.NFKD.String(pw) {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) {
			continue
		}
		out = append(out, string(r)...)
	}
	return out
}

func hexField(name, s string) ([]byte, error) {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: not hex", ErrKeystore, name)
	}
	return b, nil
}

func (k *Keystore) derive(password string) ([]byte, error) {
	pw := normalizePassword(password)
	switch k.Crypto.KDF.Function {
	case "scrypt":
		var p scryptParams
		if err := json.Unmarshal(k.Crypto.KDF.Params, &p); err != nil {
			return nil, fmt.Errorf("%w: crypto.kdf.params: %v", ErrKeystore, err)
		}
		salt, err := hexField("crypto.kdf.params.salt", p.Salt)
		if err != nil {
			return nil, err
		}
		if p.DKLen < 32 || p.N <= 1 || p.N > 1<<20 || p.R <= 0 || p.R > 32 || p.P <= 0 || p.P > 16 {
			return nil, fmt.Errorf("%w: crypto.kdf.params: scrypt parameters out of range", ErrKeystore)
		}
		dk, err := scrypt.Key(pw, salt, p.N, p.R, p.P, p.DKLen)
		if err != nil {
			return nil, fmt.Errorf("%w: crypto.kdf.params: %v", ErrKeystore, err)
		}
		return dk, nil
	case "pbkdf2":
		var p pbkdf2Params
		if err := json.Unmarshal(k.Crypto.KDF.Params, &p); err != nil {
			return nil, fmt.Errorf("%w: crypto.kdf.params: %v", ErrKeystore, err)
		}
		if p.PRF != "hmac-sha256" {
			return nil, fmt.Errorf("%w: crypto.kdf.params.prf %q: only hmac-sha256", ErrKeystore, p.PRF)
		}
		salt, err := hexField("crypto.kdf.params.salt", p.Salt)
		if err != nil {
			return nil, err
		}
		if p.DKLen < 32 || p.C <= 0 || p.C > 1<<24 {
			return nil, fmt.Errorf("%w: crypto.kdf.params: pbkdf2 parameters out of range", ErrKeystore)
		}
		dk, err := pbkdf2.Key(sha256.New, string(pw), salt, p.C, p.DKLen)
		if err != nil {
			return nil, fmt.Errorf("%w: crypto.kdf.params: %v", ErrKeystore, err)
		}
		return dk, nil
	default:
		return nil, fmt.Errorf("%w: crypto.kdf.function %q: want scrypt or pbkdf2", ErrKeystore, k.Crypto.KDF.Function)
	}
}

// Decrypt returns the keystore's secret.
func (k *Keystore) Decrypt(password string) ([]byte, error) {
	if k.Version != 4 {
		return nil, fmt.Errorf("%w: version %d: want 4", ErrKeystore, k.Version)
	}
	if k.Crypto.Checksum.Function != "sha256" {
		return nil, fmt.Errorf("%w: crypto.checksum.function %q: want sha256", ErrKeystore, k.Crypto.Checksum.Function)
	}
	if k.Crypto.Cipher.Function != "aes-128-ctr" {
		return nil, fmt.Errorf("%w: crypto.cipher.function %q: want aes-128-ctr", ErrKeystore, k.Crypto.Cipher.Function)
	}
	var cp cipherParams
	if err := json.Unmarshal(k.Crypto.Cipher.Params, &cp); err != nil {
		return nil, fmt.Errorf("%w: crypto.cipher.params: %v", ErrKeystore, err)
	}
	iv, err := hexField("crypto.cipher.params.iv", cp.IV)
	if err != nil {
		return nil, err
	}
	if len(iv) != aes.BlockSize {
		return nil, fmt.Errorf("%w: crypto.cipher.params.iv: want %d bytes", ErrKeystore, aes.BlockSize)
	}
	msg, err := hexField("crypto.cipher.message", k.Crypto.Cipher.Message)
	if err != nil {
		return nil, err
	}
	sum, err := hexField("crypto.checksum.message", k.Crypto.Checksum.Message)
	if err != nil {
		return nil, err
	}
	dk, err := k.derive(password)
	if err != nil {
		return nil, err
	}
	h := sha256.New()
	h.Write(dk[16:32])
	h.Write(msg)
	if subtle.ConstantTimeCompare(h.Sum(nil), sum) != 1 {
		return nil, ErrPassword
	}
	block, err := aes.NewCipher(dk[:16])
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeystore, err)
	}
	out := make([]byte, len(msg))
	cipher.NewCTR(block, iv).XORKeyStream(out, msg)
	return out, nil
}

// EncryptKeystore wraps secret in an EIP-2335 keystore under password, using
// scrypt with cost n (EIP-2335 uses 262144; tests use less).
func EncryptKeystore(secret []byte, pubkey []byte, password string, n int) (*Keystore, error) {
	salt, iv := make([]byte, 32), make([]byte, aes.BlockSize)
	if _, err := rand.Read(salt); err != nil {
		return nil, err
	}
	if _, err := rand.Read(iv); err != nil {
		return nil, err
	}
	dk, err := scrypt.Key(normalizePassword(password), salt, n, 8, 1, 32)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeystore, err)
	}
	block, err := aes.NewCipher(dk[:16])
	if err != nil {
		return nil, err
	}
	msg := make([]byte, len(secret))
	cipher.NewCTR(block, iv).XORKeyStream(msg, secret)
	h := sha256.New()
	h.Write(dk[16:32])
	h.Write(msg)
	kdfParams, _ := json.Marshal(scryptParams{DKLen: 32, N: n, R: 8, P: 1, Salt: hex.EncodeToString(salt)})
	ivParams, _ := json.Marshal(cipherParams{IV: hex.EncodeToString(iv)})
	var uuid [16]byte
	if _, err := rand.Read(uuid[:]); err != nil {
		return nil, err
	}
	uuid[6], uuid[8] = uuid[6]&0x0f|0x40, uuid[8]&0x3f|0x80
	u := hex.EncodeToString(uuid[:])
	return &Keystore{
		Crypto: keystoreCrypto{
			KDF:      keystoreModule{Function: "scrypt", Params: kdfParams},
			Checksum: keystoreModule{Function: "sha256", Params: json.RawMessage("{}"), Message: hex.EncodeToString(h.Sum(nil))},
			Cipher:   keystoreModule{Function: "aes-128-ctr", Params: ivParams, Message: hex.EncodeToString(msg)},
		},
		Pubkey:  hex.EncodeToString(pubkey),
		UUID:    u[0:8] + "-" + u[8:12] + "-" + u[12:16] + "-" + u[16:20] + "-" + u[20:],
		Version: 4,
	}, nil
}
