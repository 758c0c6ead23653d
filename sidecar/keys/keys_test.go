package keys

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/attestantio/go-eth2-client/spec/phase0"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/flashbots/go-boost-utils/bls"

	"github.com/basedsidecar/based/preconf"
)

// eip2335PBKDF2 is the PBKDF2 test vector of EIP-2335.
const eip2335PBKDF2 = `{"crypto":{"kdf":{"function":"pbkdf2","params":{"dklen":32,"c":262144,"prf":"hmac-sha256","salt":"d4e56740f876aef8c010b86a40d5f56745a118d0906a34e69aec8c0db1cb8fa3"},"message":""},"checksum":{"function":"sha256","params":{},"message":"8a9f5d9912ed7e75ea794bc5a89bca5f193721d30868ade6f73043c6ea6febf1"},"cipher":{"function":"aes-128-ctr","params":{"iv":"264daa3f303d7259501c93d997d84fe6"},"message":"cee03fde2af33149775b7223e7845e4fb2c8ae1792e5f99fe9ecf474cc8c16ad"}},"description":"This is a test keystore that uses PBKDF2 to secure the secret.","pubkey":"9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07","path":"m/12381/60/0/0","uuid":"64625def-3331-4eea-ab6f-782f3ed16a83","version":4}`

const (
	eip2335Password = "\U0001d531\U0001d522\U0001d530\U0001d531\U0001d52d\U0001d51e\U0001d530\U0001d530\U0001d534\U0001d52c\U0001d52f\U0001d521\U0001f511"
	eip2335Secret   = "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"
)

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestKeystoreEIP2335Vector(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "keystore-0.json", eip2335PBKDF2)
	pw := writeFile(t, t.TempDir(), "password.txt", eip2335Password+"\n")
	vs, err := LoadKeystores(dir, pw)
	if err != nil {
		t.Fatal(err)
	}
	if len(vs) != 1 || hex.EncodeToString(vs[0].Pubkey[:]) != "9612d7a727c9d0a22e185a1c768478dfe919cada9266988cb32359c11f2b7b27f4ae4040902382ae2910c15e2b420d07" {
		t.Fatalf("loaded %x", vs[0].Pubkey)
	}
	if got := hex.EncodeToString(bls.SecretKeyToBytes(vs[0].Secret)); got != eip2335Secret {
		t.Fatalf("secret %s, want %s", got, eip2335Secret)
	}
	pwBad := writeFile(t, t.TempDir(), "password.txt", "testpassword")
	if _, err := LoadKeystores(dir, pwBad); !errors.Is(err, ErrPassword) {
		t.Fatalf("wrong password: err = %v, want ErrPassword", err)
	}
}

func TestKeystoreRoundTripAndBadInput(t *testing.T) {
	sk, pk, err := bls.GenerateNewKeypair()
	if err != nil {
		t.Fatal(err)
	}
	ks, err := EncryptKeystore(bls.SecretKeyToBytes(sk), bls.PublicKeyToBytes(pk), "pass\u00e9", 1<<10)
	if err != nil {
		t.Fatal(err)
	}
	good, _ := json.Marshal(ks)
	secret, err := ks.Decrypt("pass\u00e9")
	if err != nil || hex.EncodeToString(secret) != hex.EncodeToString(bls.SecretKeyToBytes(sk)) {
		t.Fatalf("round trip: %x, %v", secret, err)
	}
	bad := map[string]func(k *Keystore){
		"version":                 func(k *Keystore) { k.Version = 3 },
		"crypto.kdf.function":     func(k *Keystore) { k.Crypto.KDF.Function = "argon2" },
		"crypto.cipher.function":  func(k *Keystore) { k.Crypto.Cipher.Function = "aes-256-gcm" },
		"crypto.cipher.message":   func(k *Keystore) { k.Crypto.Cipher.Message = "zz" },
		"crypto.cipher.params.iv": func(k *Keystore) { k.Crypto.Cipher.Params = json.RawMessage(`{"iv":"00"}`) },
		"crypto.kdf.params": func(k *Keystore) {
			k.Crypto.KDF.Params = json.RawMessage(`{"dklen":32,"n":1073741824,"r":8,"p":1,"salt":"00"}`)
		},
	}
	for field, mutate := range bad {
		var k Keystore
		if err := json.Unmarshal(good, &k); err != nil {
			t.Fatal(err)
		}
		mutate(&k)
		_, err := k.Decrypt("pass\u00e9")
		if !errors.Is(err, ErrKeystore) || !strings.Contains(err.Error(), field) {
			t.Errorf("%s: err = %v, want ErrKeystore naming the field", field, err)
		}
	}
	// A keystore whose stated pubkey is another key's is refused.
	_, otherPK, _ := bls.GenerateNewKeypair()
	ks.Pubkey = hex.EncodeToString(bls.PublicKeyToBytes(otherPK))
	js, _ := json.Marshal(ks)
	dir := t.TempDir()
	writeFile(t, dir, "k.json", string(js))
	pw := writeFile(t, t.TempDir(), "pw", "pass\u00e9")
	if _, err := LoadKeystores(dir, pw); !errors.Is(err, ErrKeystore) || !strings.Contains(err.Error(), "does not match") {
		t.Fatalf("mismatched pubkey: err = %v", err)
	}
}

func TestLoadPubkeys(t *testing.T) {
	_, pk, _ := bls.GenerateNewKeypair()
	h := "0x" + hex.EncodeToString(bls.PublicKeyToBytes(pk))
	dir := t.TempDir()
	vs, err := LoadPubkeys(writeFile(t, dir, "ok", "# ours\n\n"+h+"\n"))
	if err != nil || len(vs) != 1 || vs[0].Secret != nil {
		t.Fatalf("LoadPubkeys = %v, %v", vs, err)
	}
	for name, content := range map[string]string{
		"short":     "0x1234\n",
		"twice":     h + "\n" + h + "\n",
		"off curve": "0x" + strings.Repeat("11", 48) + "\n",
		"empty":     "# none\n",
	} {
		if _, err := LoadPubkeys(writeFile(t, dir, name, content)); !errors.Is(err, ErrValidatorKey) {
			t.Errorf("%s: err = %v, want ErrValidatorKey", name, err)
		}
	}
}

func TestLoadCommitter(t *testing.T) {
	key, _ := crypto.GenerateKey()
	want := crypto.PubkeyToAddress(key.PublicKey)
	dir := t.TempDir()
	hexPath := writeFile(t, dir, "committer.hex", "0x"+hex.EncodeToString(crypto.FromECDSA(key))+"\n")
	k, err := LoadCommitter(hexPath, "")
	if err != nil || crypto.PubkeyToAddress(k.PublicKey) != want {
		t.Fatalf("hex file: %v", err)
	}
	ksPath := filepath.Join(dir, "committer.json")
	if err := WriteCommitterKeystore(ksPath, key, "secret", 1<<10, 1); err != nil {
		t.Fatal(err)
	}
	if err := WriteCommitterKeystore(ksPath, key, "secret", 1<<10, 1); err == nil {
		t.Fatal("overwrote an existing keystore")
	}
	pw := writeFile(t, dir, "pw", "secret\n")
	k, err = LoadCommitter(ksPath, pw)
	if err != nil || crypto.PubkeyToAddress(k.PublicKey) != want {
		t.Fatalf("keystore: %v", err)
	}
	for name, args := range map[string][2]string{
		"keystore without password": {ksPath, ""},
		"wrong password":            {ksPath, writeFile(t, dir, "pw2", "nope")},
		"short hex":                 {writeFile(t, dir, "short", "0x1234"), ""},
		"missing file":              {filepath.Join(dir, "absent"), ""},
	} {
		if _, err := LoadCommitter(args[0], args[1]); !errors.Is(err, ErrCommitterKey) {
			t.Errorf("%s: err = %v, want ErrCommitterKey", name, err)
		}
	}
}

func TestDelegation(t *testing.T) {
	sk, pk, _ := bls.GenerateNewKeypair()
	_, delegatePK, _ := bls.GenerateNewKeypair()
	committer := common.HexToAddress("0x8943545177806ed17b9f23f0a21ee5948ecaa776")
	var proposer, delegate preconf.BLSPubkey
	copy(proposer[:], bls.PublicKeyToBytes(pk))
	copy(delegate[:], bls.PublicKeyToBytes(delegatePK))
	domain := DelegationDomain(phase0.Version{0x10, 0, 0, 0x38}, phase0.Root{1, 2, 3})
	d := Delegation{Proposer: proposer, Delegate: delegate, Committer: committer, Metadata: []byte("based")}
	sd, err := SignDelegation(d, sk, domain)
	if err != nil {
		t.Fatal(err)
	}
	js, err := json.Marshal(sd)
	if err != nil {
		t.Fatal(err)
	}
	var back SignedDelegation
	if err := json.Unmarshal(js, &back); err != nil {
		t.Fatal(err)
	}
	if err := back.Verify(domain); err != nil {
		t.Fatalf("verify after JSON round trip: %v", err)
	}
	v := []Validator{{Pubkey: proposer}}
	m, err := CheckDelegations([]SignedDelegation{back}, v, committer, delegate, domain)
	if err != nil || m[proposer] != committer {
		t.Fatalf("CheckDelegations = %v, %v", m, err)
	}
	otherDomain := DelegationDomain(phase0.Version{0x20, 0, 0, 0x38}, phase0.Root{1, 2, 3})
	tampered := back
	tampered.Message.Slot = 7
	_, stranger, _ := bls.GenerateNewKeypair()
	var strangerPK preconf.BLSPubkey
	copy(strangerPK[:], bls.PublicKeyToBytes(stranger))
	cases := map[string]func() error{
		"other chain's domain": func() error { return back.Verify(otherDomain) },
		"tampered slot":        func() error { return tampered.Verify(domain) },
		"other committer": func() error {
			_, err := CheckDelegations([]SignedDelegation{back}, v, common.Address{1}, delegate, domain)
			return err
		},
		"validator without delegation": func() error {
			_, err := CheckDelegations([]SignedDelegation{back}, []Validator{{Pubkey: strangerPK}}, committer, delegate, domain)
			return err
		},
		"signing key is not the proposer": func() error {
			_, err := SignDelegation(Delegation{Proposer: strangerPK}, sk, domain)
			return err
		},
		"metadata too long": func() error {
			_, err := SignDelegation(Delegation{Proposer: proposer, Metadata: make([]byte, MaxDelegationMetadata+1)}, sk, domain)
			return err
		},
		"slot with trailing text": func() error {
			return json.Unmarshal([]byte(strings.Replace(string(js), `"slot":"0"`, `"slot":"0abc"`, 1)), &back)
		},
		"bad JSON signature": func() error {
			return json.Unmarshal([]byte(strings.Replace(string(js), `"signature":"0x`, `"signature":"0x00`, 1)), &back)
		},
	}
	for name, f := range cases {
		if err := f(); !errors.Is(err, ErrDelegation) {
			t.Errorf("%s: err = %v, want ErrDelegation", name, err)
		}
	}
}

// TestDelegationHashTreeRoot pins the SSZ root of a fixed delegation so that
// a change of encoding cannot pass unnoticed.
func TestDelegationHashTreeRoot(t *testing.T) {
	var d Delegation
	for i := range d.Proposer {
		d.Proposer[i], d.Delegate[i] = byte(i), byte(100+i)
	}
	d.Committer = common.HexToAddress("0x00000000000000000000000000000000000000ff")
	d.Slot = 42
	d.Metadata = []byte{1, 2, 3}
	root, err := d.HashTreeRoot()
	if err != nil {
		t.Fatal(err)
	}
	// An empty-metadata delegation must hash differently from one with metadata.
	d2 := d
	d2.Metadata = nil
	root2, _ := d2.HashTreeRoot()
	if root == root2 {
		t.Fatal("metadata does not reach the root")
	}
	// Computed by a separate SSZ implementation.
	const want = "3e40141b3b3d66213a57ed7eb5c69e50ecfdd78a3dd246ca5444fd4b192e23c1"
	if got := hex.EncodeToString(root[:]); got != want {
		t.Fatalf("root %s, want %s", got, want)
	}
}

func TestBuilderKeystoreRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pwFile := writeFile(t, dir, "pw", "builder pass\n")
	path := filepath.Join(dir, "builder.json")
	pub, err := WriteBLSKeystore(path, "builder pass", 1024)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := WriteBLSKeystore(path, "x", 1024); err == nil {
		t.Fatal("an existing keystore was overwritten")
	}
	sk, err := LoadBLSKey(path, pwFile)
	if err != nil {
		t.Fatal(err)
	}
	pk, _ := bls.PublicKeyFromSecretKey(sk)
	if !bytes.Equal(bls.PublicKeyToBytes(pk), pub) {
		t.Fatalf("loaded key %x, written %x", bls.PublicKeyToBytes(pk), pub)
	}
	if _, err := LoadBLSKey(path, writeFile(t, dir, "bad", "wrong")); !errors.Is(err, ErrPassword) {
		t.Fatalf("wrong password: %v", err)
	}
}
