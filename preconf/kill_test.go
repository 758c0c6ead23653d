package preconf

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

const killHelperEnv = "BASED_PRECONF_KILL_HELPER_DIR"

// TestKill9NeverLosesAPromise runs the engine in a subprocess, kills it with
// SIGKILL while requests are in flight and one promise sits between its log
// write and its response, and checks after a restart that every promise the
// subprocess wrote or answered is in the log with the same signature.
func TestKill9NeverLosesAPromise(t *testing.T) {
	if dir := os.Getenv(killHelperEnv); dir != "" {
		killHelper(t, dir)
		return
	}
	dir := t.TempDir()
	cmd := exec.Command(os.Args[0], "-test.run=^TestKill9NeverLosesAPromise$", "-test.count=1")
	cmd.Env = append(os.Environ(), killHelperEnv+"="+dir)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	written, answered := map[common.Hash]string{}, map[common.Hash]string{}
	held := common.Hash{}
	sc := bufio.NewScanner(stdout)
	killed := false
	deadline := time.AfterFunc(60*time.Second, func() { _ = cmd.Process.Kill() })
	defer deadline.Stop()
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) != 3 {
			continue
		}
		h := common.HexToHash(f[1])
		switch f[0] {
		case "W":
			written[h] = f[2]
		case "A":
			answered[h] = f[2]
		case "HELD":
			held = h
			if !killed {
				killed = true
				_ = cmd.Process.Kill() // SIGKILL: no defer, no flush, no close
			}
		}
	}
	_ = cmd.Wait()
	if !killed {
		t.Fatal("the helper never reached the held write")
	}
	if len(answered) == 0 || held == (common.Hash{}) {
		t.Fatalf("answered %d, held %s", len(answered), held)
	}
	// Restart on the same directory.
	env := &testEnv{dir: dir, now: time.Unix(1_800_000_000, 0)}
	env.chain = newChain(committerAddr(), env.now)
	env.open(t, testConfig(env.now))
	check := func(kind string, m map[common.Hash]string) {
		for h, sig := range m {
			got, err := env.e.Commitment(h)
			if err != nil {
				t.Fatalf("%s promise %s lost after kill -9: %v", kind, h, err)
			}
			if hexutil.Encode(got.Signature) != sig {
				t.Fatalf("%s promise %s: signature changed", kind, h)
			}
			checkSigned(t, env.e, got)
		}
	}
	check("answered", answered)
	check("written", written)
	if _, ok := written[held]; !ok {
		t.Fatal("the held promise was not reported as written")
	}
	t.Logf("%d answered, %d written, survived kill -9", len(answered), len(written))
}

// killHelper is the subprocess: it serves requests from 8 goroutines and
// reports every promise on stdout when written (W) and when answered (A);
// the 40th written promise is held forever before its answer (HELD).
func killHelper(t *testing.T, dir string) {
	now := time.Unix(1_800_000_000, 0)
	env := &testEnv{dir: dir, now: now, chain: newChain(committerAddr(), now)}
	env.open(t, testConfig(now))
	var mu sync.Mutex
	out := bufio.NewWriter(os.Stdout)
	say := func(format string, args ...any) {
		mu.Lock()
		fmt.Fprintf(out, format, args...)
		out.Flush()
		mu.Unlock()
	}
	var n int
	block := make(chan struct{})
	env.e.afterAppend = func(ps []*Promise) {
		mu.Lock()
		n++
		hold := n == 40
		mu.Unlock()
		for _, p := range ps {
			say("W %s %s\n", p.Commitment.TxHash.Hex(), hexutil.Encode(p.Signature))
			if hold {
				say("HELD %s %s\n", p.Commitment.TxHash.Hex(), hexutil.Encode(p.Signature))
				<-block // never answered: the parent kills us here
			}
		}
	}
	var wg sync.WaitGroup
	for range 8 {
		w := newFunded(t, env)
		wg.Go(func() {
			for nonce := uint64(0); ; nonce++ {
				p, err := env.e.Request(context.Background(), 110, nil, w.raw(t, txOpts{typ: 2, nonce: nonce}))
				if err != nil {
					say("E %s x\n", strings.ReplaceAll(err.Error(), " ", "_"))
					return
				}
				say("A %s %s\n", p.Commitment.TxHash.Hex(), hexutil.Encode(p.Signature))
			}
		})
	}
	wg.Wait()
}

func committerAddr() common.Address { return crypto.PubkeyToAddress(committerKey.PublicKey) }
