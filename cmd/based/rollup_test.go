package main

import (
	"context"
	"math/big"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// TestRunServesRollup starts `based run --rollup …` in front of a real go-ethereum L2 and
// uses ethclient as the wallet on /rollup/{chainId}.
func TestRunServesRollup(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	key, _ := crypto.HexToECDSA("8a1f9a8f95be41cd7ccb6168179afb4504aefe388d1e14474d32c45c72ce7b7a")
	from := crypto.PubkeyToAddress(key.PublicKey)
	l2Addr := freeAddr(t)
	host, port, _ := strings.Cut(l2Addr, ":")
	portN, err := strconv.Atoi(port)
	if err != nil {
		t.Fatal(err)
	}
	sim := simulated.NewBackend(types.GenesisAlloc{from: {Balance: big.NewInt(params.Ether)}}, func(nc *node.Config, _ *ethconfig.Config) {
		nc.HTTPHost, nc.HTTPPort, nc.HTTPModules = host, portN, []string{"eth", "net", "web3"}
	})
	defer sim.Close()
	chainID := params.AllDevChainProtocolChanges.ChainID

	url := startSynthetic(t, "--rollup", "chain="+chainID.String()+",rpc=http://"+l2Addr+",gas-limit=30000000,min-tip=1")
	wallet, err := ethclient.DialContext(ctx, url+"/rollup/"+chainID.String())
	if err != nil {
		t.Fatal(err)
	}
	defer wallet.Close()
	if id, err := wallet.ChainID(ctx); err != nil || id.Cmp(chainID) != 0 {
		t.Fatalf("eth_chainId %v %v", id, err)
	}
	head, err := wallet.HeaderByNumber(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	tx := types.MustSignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: 0,
		GasTipCap: big.NewInt(2), GasFeeCap: new(big.Int).Mul(head.BaseFee, big.NewInt(3)), Gas: 21000, To: &common.Address{7}})
	if err := wallet.SendTransaction(ctx, tx); err != nil {
		t.Fatal(err)
	}
	if n, err := wallet.PendingNonceAt(ctx, from); err != nil || n != 1 {
		t.Fatalf("pending nonce %d %v", n, err)
	}
	low := types.MustSignNewTx(key, types.LatestSignerForChainID(chainID), &types.DynamicFeeTx{ChainID: chainID, Nonce: 1,
		GasTipCap: big.NewInt(0), GasFeeCap: new(big.Int).Mul(head.BaseFee, big.NewInt(3)), Gas: 21000, To: &common.Address{7}})
	if err := wallet.SendTransaction(ctx, low); err == nil || !strings.Contains(err.Error(), "gas tip cap") {
		t.Fatalf("a tip under --rollup min-tip: %v", err)
	}
}
