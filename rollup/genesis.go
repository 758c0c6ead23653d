package rollup

import (
	"maps"
	"math/big"

	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
)

// Genesis returns the post-merge genesis of a rollup: every fork up to Osaka active from
// block 0, the rollup's own chain id, the four system contracts (EIP-4788, 2935, 7002,
// 7251) the execution client needs to process blocks, and the given accounts. time is
// the L1 genesis time, so every L2 block (at an L1 slot's time) comes after it.
func Genesis(chainID, gasLimit, time uint64, accounts types.GenesisAlloc) *core.Genesis {
	zero := uint64(0)
	cfg := &params.ChainConfig{
		ChainID:                 new(big.Int).SetUint64(chainID),
		HomesteadBlock:          big.NewInt(0),
		EIP150Block:             big.NewInt(0),
		EIP155Block:             big.NewInt(0),
		EIP158Block:             big.NewInt(0),
		ByzantiumBlock:          big.NewInt(0),
		ConstantinopleBlock:     big.NewInt(0),
		PetersburgBlock:         big.NewInt(0),
		IstanbulBlock:           big.NewInt(0),
		MuirGlacierBlock:        big.NewInt(0),
		BerlinBlock:             big.NewInt(0),
		LondonBlock:             big.NewInt(0),
		ArrowGlacierBlock:       big.NewInt(0),
		GrayGlacierBlock:        big.NewInt(0),
		MergeNetsplitBlock:      big.NewInt(0),
		TerminalTotalDifficulty: big.NewInt(0),
		ShanghaiTime:            &zero,
		CancunTime:              &zero,
		PragueTime:              &zero,
		OsakaTime:               &zero,
		BlobScheduleConfig: &params.BlobScheduleConfig{
			Cancun: params.DefaultCancunBlobConfig,
			Prague: params.DefaultPragueBlobConfig,
		},
	}
	alloc := types.GenesisAlloc{}
	maps.Copy(alloc, core.SystemContractAllocs())
	maps.Copy(alloc, accounts)
	excess, used := uint64(0), uint64(0)
	return &core.Genesis{
		Config:        cfg,
		Timestamp:     time,
		GasLimit:      gasLimit,
		Difficulty:    big.NewInt(0),
		BaseFee:       big.NewInt(params.InitialBaseFee),
		ExcessBlobGas: &excess,
		BlobGasUsed:   &used,
		Alloc:         alloc,
	}
}
