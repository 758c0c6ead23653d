// Code generated - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package bindings

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/event"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = errors.New
	_ = big.NewInt
	_ = strings.NewReader
	_ = ethereum.NotFound
	_ = bind.Bind
	_ = common.Big1
	_ = types.BloomLookup
	_ = event.NewSubscription
	_ = abi.ConvertType
	_ = time.Tick
	_ = context.Background
)

// PreconfSlasherConfig is an auto generated low-level Go binding around an user-defined struct.
type PreconfSlasherConfig struct {
	GenesisTime     *big.Int
	SecondsPerSlot  *big.Int
	FinalityDelay   *big.Int
	ChallengeWindow *big.Int
	DefenceWindow   *big.Int
	Notice          *big.Int
	Bond            *big.Int
	RewardBps       *big.Int
	LivenessBps     *big.Int
}

// PreconfSlasherInclusionCommitment is an auto generated low-level Go binding around an user-defined struct.
type PreconfSlasherInclusionCommitment struct {
	Slot      uint64
	ChainId   *big.Int
	TxHash    [32]byte
	Sender    common.Address
	Nonce     uint64
	Committer common.Address
	Seq       uint64
	Penalty   *big.Int
}

// PreconfSlasherPromised is an auto generated low-level Go binding around an user-defined struct.
type PreconfSlasherPromised struct {
	Commitment PreconfSlasherInclusionCommitment
	Signature  []byte
	RawTx      []byte
}

// RollupInboxBlockHeader is an auto generated low-level Go binding around an user-defined struct.
type RollupInboxBlockHeader struct {
	ChainId    *big.Int
	TxRoot     [32]byte
	TxCount    uint32
	ParentHash [32]byte
}

// PreconfSlasherMetaData contains all meta data concerning the PreconfSlasher contract.
var PreconfSlasherMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractRegistry\",\"name\":\"registry_\",\"type\":\"address\"},{\"internalType\":\"contractRollupInbox\",\"name\":\"inbox_\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"uint256\",\"name\":\"genesisTime\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"secondsPerSlot\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"finalityDelay\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"challengeWindow\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"defenceWindow\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"notice\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"bond\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"rewardBps\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"livenessBps\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.Config\",\"name\":\"c\",\"type\":\"tuple\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"stateMutability\":\"payable\",\"type\":\"receive\"},{\"inputs\":[],\"name\":\"BEACON_ROOTS\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"DOMAIN_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"HISTORY\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"HISTORY_SIZE\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"INCLUSION_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"bond\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"challengeWindow\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"name\":\"challenges\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"challenger\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"openedAt\",\"type\":\"uint64\"},{\"internalType\":\"enumPreconfSlasher.Status\",\"name\":\"status\",\"type\":\"uint8\"},{\"internalType\":\"bool\",\"name\":\"missed\",\"type\":\"bool\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"locked\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"claim\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"claimable\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"defenceWindow\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"parentHeader\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"accountProof\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes\",\"name\":\"rawTx\",\"type\":\"bytes\"}],\"name\":\"defendBalance\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"parentHeader\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"accountProof\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes\",\"name\":\"rawTx\",\"type\":\"bytes\"},{\"components\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"commitment\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"rawTx\",\"type\":\"bytes\"}],\"internalType\":\"structPreconfSlasher.Promised[]\",\"name\":\"earlier\",\"type\":\"tuple[]\"}],\"name\":\"defendBalanceRun\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"uint256\",\"name\":\"txIndex\",\"type\":\"uint256\"},{\"internalType\":\"bytes[]\",\"name\":\"proof\",\"type\":\"bytes[]\"}],\"name\":\"defendL1\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"components\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"txCount\",\"type\":\"uint32\"},{\"internalType\":\"bytes32\",\"name\":\"parentHash\",\"type\":\"bytes32\"}],\"internalType\":\"structRollupInbox.BlockHeader[]\",\"name\":\"headers\",\"type\":\"tuple[]\"},{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"bytes32[]\",\"name\":\"proof\",\"type\":\"bytes32[]\"}],\"name\":\"defendL2\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"header\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"accountProof\",\"type\":\"bytes[]\"}],\"name\":\"defendVoid\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"}],\"name\":\"digest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"finalityDelay\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"genesisTime\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"inbox\",\"outputs\":[{\"internalType\":\"contractRollupInbox\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"livenessBps\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"notice\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"openChallenge\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"registry\",\"outputs\":[{\"internalType\":\"contractRegistry\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"rewardBps\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"secondsPerSlot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"}],\"name\":\"slash\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"}],\"name\":\"slotTime\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"raw\",\"type\":\"bytes\"}],\"name\":\"txCost\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"raw\",\"type\":\"bytes\"}],\"name\":\"txSender\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"cost\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txHash\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"seq\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"penalty\",\"type\":\"uint256\"}],\"internalType\":\"structPreconfSlasher.InclusionCommitment\",\"name\":\"c\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"signature\",\"type\":\"bytes\"}],\"name\":\"verify\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"d\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"defence\",\"type\":\"uint8\"}],\"name\":\"ChallengeDefended\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"challenger\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"bool\",\"name\":\"missed\",\"type\":\"bool\"}],\"name\":\"ChallengeOpened\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"Claimed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"toSender\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"toChallenger\",\"type\":\"uint256\"}],\"name\":\"Slashed\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"name\":\"AlreadyChallenged\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"BadBond\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadConfig\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadTx\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"cost\",\"type\":\"uint256\"}],\"name\":\"BalanceCovers\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"got\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"want\",\"type\":\"bytes32\"}],\"name\":\"BatchMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"nonce\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"NonceGap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"accountNonce\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"name\":\"NonceNotSpent\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"}],\"name\":\"NotBacked\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotInRoot\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"digest\",\"type\":\"bytes32\"}],\"name\":\"NotOpen\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"got\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"want\",\"type\":\"bytes32\"}],\"name\":\"NotParent\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"NotSameRun\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NothingToClaim\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"RLPInvalidEncoding\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"now_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"from\",\"type\":\"uint256\"}],\"name\":\"TooEarly\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"now_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"until\",\"type\":\"uint256\"}],\"name\":\"TooLate\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"enumTrieProof.ProofError\",\"name\":\"err\",\"type\":\"uint8\"}],\"name\":\"TrieProofTraversalError\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"got\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"want\",\"type\":\"bytes32\"}],\"name\":\"TxMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"got\",\"type\":\"address\"}],\"name\":\"TxSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"}],\"name\":\"UnknownBlock\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"name\":\"UnknownChain\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"}],\"name\":\"UnknownCommitter\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"name\":\"WrongChain\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"timestamp\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"WrongSlotTime\",\"type\":\"error\"}]",
	Bin: "0x6101e0604052348015610010575f5ffd5b50604051614ff0380380614ff083398101604081905261002f916101df565b5f81608001518260600151836040015161004991906102b5565b61005391906102b5565b905081602001515f14806100775750602082015161007390611fff6102ce565b8110155b806100ef5750836001600160a01b03166379cd6e1e6040518163ffffffff1660e01b8152600401602060405180830381865afa1580156100b9573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906100dd91906102e5565b818360a001516100ed91906102b5565b115b806101005750612710826101000151115b8061010d57506040820151155b1561012b576040516301f30c8760e21b815260040160405180910390fd5b506001600160a01b0392831660809081529190921660a0908152825160c0908152602084015160e0908152604085015161010090815260608601516101205293850151610140529184015161016052830151610180528201516101a05201516101c0526102fc565b6001600160a01b03811681146101a7575f5ffd5b50565b60405161012081016001600160401b03811182821017156101d957634e487b7160e01b5f52604160045260245ffd5b60405290565b5f5f5f8385036101608112156101f3575f5ffd5b84516101fe81610193565b602086015190945061020f81610193565b9250610120603f1982011215610223575f5ffd5b5061022c6101aa565b604085810151825260608087015160208401526080808801519284019290925260a0808801519184019190915260c0808801519284019290925260e080880151918401919091526101008088015192840192909252610120870151908301526101409095015194810194909452509093909250565b634e487b7160e01b5f52601160045260245ffd5b808201808211156102c8576102c86102a1565b92915050565b80820281158282048414176102c8576102c86102a1565b5f602082840312156102f5575f5ffd5b5051919050565b60805160a05160c05160e05161010051610120516101405161016051610180516101a0516101c051614bcc6104245f395f81816102cf0152611d7b01525f81816105180152610c4301525f818161047e015281816107d40152818161080e01528181610fc00152611ec701525f818161059d015261097201525f818161076801528181610ed60152611e1701525f818161056a01528181610a5b0152610ab801525f818161044b015281816109e001528181610a1201528181610a7f0152610adc01525f81816102890152611b9101525f818161034c0152611bc501525f81816107af01528181610b55015261114d01525f81816101ee015281816104e5015281816108ba01528181610c15015281816110a5015281816114b90152611f720152614bcc5ff3fe6080604052600436106101de575f3560e01c80637b103999116100fd578063be85fd9511610092578063e439e6b211610062578063e439e6b214610724578063e45e522414610757578063f698da251461078a578063fb0e722b1461079e575f5ffd5b8063be85fd9514610622578063c1e69b6614610641578063d63c75a0146106c2578063df3d1280146106e1575f5ffd5b80639c94e6c6116100cd5780639c94e6c61461058c578063a1a021f4146105bf578063ad1eaabf146105de578063adf54cce146105fd575f5ffd5b80637b103999146104d457806382328ffc14610507578063845477891461053a578063861a141214610559575f5ffd5b80634e71d92d116101735780635ea4d95f116101435780635ea4d95f1461043a57806364c9ec6f1461046d578063652c462e146104a057806375a50eec146104b5575f5ffd5b80634e71d92d1461038d5780634fce2bf4146103a157806356d7e8fd146103c05780635c232210146103fe575f5ffd5b8063402914f5116101ae578063402914f5146102f157806340d286d41461031c57806342c6498a1461033b5780634847d4531461036e575f5ffd5b806320606b701461023257806322a111fc146102785780632d614351146102ab5780632d79ba8c146102be575f5ffd5b3661022e57336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461022c576040516312171d8360e31b815260040160405180910390fd5b005b5f5ffd5b34801561023d575f5ffd5b506102657f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f81565b6040519081526020015b60405180910390f35b348015610283575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b6102656102b9366004614234565b6107d1565b3480156102c9575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b3480156102fc575f5ffd5b5061026561030b36600461429c565b60016020525f908152604090205481565b348015610327575f5ffd5b5061022c6103363660046142b7565b610e73565b348015610346575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b348015610379575f5ffd5b5061022c610388366004614312565b611108565b348015610398575f5ffd5b5061022c611324565b3480156103ac575f5ffd5b506102656103bb3660046143cf565b611409565b3480156103cb575f5ffd5b506103e6720f3df6d732807ef1319fb7b8bb8522d0beac0281565b6040516001600160a01b03909116815260200161026f565b348015610409575f5ffd5b5061041d610418366004614234565b611430565b604080519283526001600160a01b0390911660208301520161026f565b348015610445575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b348015610478575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b3480156104ab575f5ffd5b50610265611fff81565b3480156104c0575f5ffd5b5061022c6104cf36600461440d565b6115a8565b3480156104df575f5ffd5b506103e67f000000000000000000000000000000000000000000000000000000000000000081565b348015610512575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b348015610545575f5ffd5b5061022c61055436600461451f565b61169c565b348015610564575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b348015610597575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b3480156105ca575f5ffd5b5061022c6105d9366004614601565b61176c565b3480156105e9575f5ffd5b506102656105f83660046142b7565b6118ba565b348015610608575f5ffd5b506103e671f90827f1c53a10cb7a02335b17532000293581565b34801561062d575f5ffd5b5061022c61063c36600461466f565b6119f3565b34801561064c575f5ffd5b506106b061065b3660046146f1565b5f602081905290815260409020805460018201546002909201546001600160a01b03808316936001600160401b03600160a01b8504169360ff600160e01b8204811694600160e81b9092041692919091169086565b60405161026f9695949392919061471c565b3480156106cd575f5ffd5b506102656106dc36600461478c565b611b8b565b3480156106ec575f5ffd5b506107006106fb3660046143cf565b611be9565b6040805193845260208401929092526001600160a01b03169082015260600161026f565b34801561072f575f5ffd5b506102657f854c05898c3ed9c0c40762f8d27cd8eb67bba0fec862f6ed8c4d3b4bb10930b881565b348015610762575f5ffd5b506102657f000000000000000000000000000000000000000000000000000000000000000081565b348015610795575f5ffd5b50610265611c04565b3480156107a9575f5ffd5b506103e67f000000000000000000000000000000000000000000000000000000000000000081565b5f7f0000000000000000000000000000000000000000000000000000000000000000341461083f57604051637db3c13960e11b81523460048201527f000000000000000000000000000000000000000000000000000000000000000060248201526044015b60405180910390fd5b5f5f61084c868686611430565b90925090505f5f83815260208190526040902054600160e01b900460ff16600381111561087b5761087b614708565b1461089c5760405163c4da3f0160e01b815260048101839052602401610836565b5f6108ad6106dc602089018961478c565b90505f6001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000166397a2ea276108ef60c08b0160a08c0161429c565b6040516001600160e01b031960e084901b1681526001600160a01b039091166004820152602401608060405180830381865afa158015610931573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061095591906147a7565b93505050506001600160401b038116158015906109a457506109a07f00000000000000000000000000000000000000000000000000000000000000006001600160401b038316614804565b8210155b156109db576109b6602089018961478c565b604051631717434b60e21b81526001600160401b039091166004820152602401610836565b610a057f000000000000000000000000000000000000000000000000000000000000000083614804565b421015610a595742610a377f000000000000000000000000000000000000000000000000000000000000000084614804565b60405163e58369d160e01b815260048101929092526024820152604401610836565b7f0000000000000000000000000000000000000000000000000000000000000000610aa47f000000000000000000000000000000000000000000000000000000000000000084614804565b610aae9190614804565b421115610b2d57427f0000000000000000000000000000000000000000000000000000000000000000610b017f000000000000000000000000000000000000000000000000000000000000000085614804565b610b0b9190614804565b60405163388b017360e01b815260048101929092526024820152604401610836565b46886020013514158015610bc85750604051635b78dc9b60e01b8152602089013560048201527f00000000000000000000000000000000000000000000000000000000000000006001600160a01b031690635b78dc9b90602401602060405180830381865afa158015610ba2573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610bc69190614817565b155b15610bec576040516351cf29eb60e01b815260208901356004820152602401610836565b5f610bf683611ca8565b1590505f610c088a60e0013583611d4d565b90505f6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001663282d3fdf87612710610c687f000000000000000000000000000000000000000000000000000000000000000087614836565b610c729190614861565b610c7c9086614804565b6040516001600160e01b031960e085901b1681526001600160a01b03909216600483015260248201526044016020604051808303815f875af1158015610cc4573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610ce89190614874565b6040805160c0810182523381526001600160401b03421660208201529192508101600181528415156020808301919091526001600160a01b03808a1660408085019190915260609093018590525f8b815280835283902084518154938601516001600160401b0316600160a01b026001600160e01b031990941692169190911791909117808255918301519091829060ff60e01b1916600160e01b836003811115610d9557610d95614708565b02179055506060820151815f01601d6101000a81548160ff0219169083151502179055506080820151816001015f6101000a8154816001600160a01b0302191690836001600160a01b0316021790555060a08201518160020155905050856001600160a01b0316877f21c8343595230560cea0ef9e611b0a0fc25694dd4edd6ff2cb5036d933bcd236338e5f016020810190610e31919061478c565b604080516001600160a01b0390931683526001600160401b0390911660208301528715159082015260600160405180910390a350949998505050505050505050565b5f610e7d826118ba565b5f81815260208190526040902090915060018154600160e01b900460ff166003811115610eac57610eac614708565b14610ecc57604051620d1c2160e71b815260048101839052602401610836565b80545f90610f0b907f000000000000000000000000000000000000000000000000000000000000000090600160a01b90046001600160401b0316614804565b9050804211610f205742610a37826001614804565b815460ff60e01b1916600360e01b178083556002830154905f90610f539060e088013590600160e81b900460ff16611d4d565b90505f828210610f635782610f65565b815b90505f610f72828561488b565b90508160015f610f8860808c0160608d0161429c565b6001600160a01b03166001600160a01b031681526020019081526020015f205f828254610fb59190614804565b90915550610fe590507f000000000000000000000000000000000000000000000000000000000000000082614804565b86546001600160a01b03165f908152600160205260408120805490919061100d908490614804565b909155505060018601546001600160a01b0316877fd233318aa2d7aa8190db26f6cdf80d3a147be18618f2335b378806b7ee56329261105260808c0160608d0161429c565b604080516001600160a01b03909216825260208201879052810185905260600160405180910390a360018601546040516302fb4d8560e01b81526001600160a01b039182166004820152602481018690527f0000000000000000000000000000000000000000000000000000000000000000909116906302fb4d85906044015f604051808303815f87803b1580156110e8575f5ffd5b505af11580156110fa573d5f5f3e3d5ffd5b505050505050505050505050565b4686602001350361113257604051635ea03eed60e11b815260208701356004820152602401610836565b5f5f61113d88611db1565b90925090505f6001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001663deb3e7b461117f60208c018c61478c565b61118f60c08d0160a08e0161429c565b6040516001600160e01b031960e085901b1681526001600160401b0390921660048301526001600160a01b03166024820152604401602060405180830381865afa1580156111df573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906112039190614874565b90505f888860405160200161121992919061489e565b60408051601f19818403018152919052805160209091012090508115806112405750818114155b1561126857604051635b00110360e01b81526004810182905260248101839052604401610836565b896020013589898981811061127f5761127f614909565b9050608002015f0135146112c45788888881811061129f5761129f614909565b9050608002015f0135604051635ea03eed60e11b815260040161083691815260200190565b6112ef86868b8b8b8181106112db576112db614909565b905060800201602001358d60400135611e7e565b61130c57604051632971c16360e11b815260040160405180910390fd5b61131884846003611e95565b50505050505050505050565b335f9081526001602052604081205490819003611354576040516312d37ee560e31b815260040160405180910390fd5b335f8181526001602052604080822091909155517fd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a906113979084815260200190565b60405180910390a26040515f90339083908381818185875af1925050503d805f81146113de576040519150601f19603f3d011682016040523d82523d5f602084013e6113e3565b606091505b5050905080611405576040516312171d8360e31b815260040160405180910390fd5b5050565b5f5f5f6114168585611fd0565b92505091506114258282612118565b925050505b92915050565b5f5f61143b856118ba565b91505f5f61144a8487876122bb565b5090925090505f81600381111561146357611463614708565b141580611491575061147b60c0880160a0890161429c565b6001600160a01b0316826001600160a01b031614155b156114af57604051635cd5d23360e01b815260040160405180910390fd5b6001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000166397a2ea276114ee60c08a0160a08b0161429c565b6040516001600160e01b031960e084901b1681526001600160a01b039091166004820152602401608060405180830381865afa158015611530573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061155491906147a7565b50919450506001600160a01b038416905061159e5761157960c0880160a0890161429c565b6040516322d9be4d60e01b81526001600160a01b039091166004820152602401610836565b5050935093915050565b468b60200135146115d257604051635ea03eed60e11b815260208c01356004820152602401610836565b8a6040013584846040516115e792919061491d565b60405180910390201461162d57838360405161160492919061491d565b604080519182900382206348521d0160e11b835260048301528c01356024820152604401610836565b5f5f6116428d8d8d8d8d8d8d8d8d8d8d612302565b915091508082106116705760405163536139a560e01b81526004810183905260248101829052604401610836565b5f5f61167b8f611db1565b9150915061168b82826005611e95565b505050505050505050505050505050565b5f5f6116a78b611db1565b91509150468b60200135146116d557604051635ea03eed60e11b815260208c01356004820152602401610836565b8a6040013584846040516116ea92919061491d565b60405180910390201461170757838360405161160492919061491d565b5f6117178c8c8c8c8c8c8c61234e565b9150505f6117258686611409565b90508082106117515760405163536139a560e01b81526004810183905260248101829052604401610836565b61175d84846004611e95565b50505050505050505050505050565b4686602001351461179657604051635ea03eed60e11b815260208701356004820152602401610836565b5f5f6117a188611db1565b915091505f6117b08888612526565b90505f6117d682600b815181106117c9576117c9614909565b60200260200101516125ca565b90506117e86106dc60208c018c61478c565b811461182157806117ff6106dc60208d018d61478c565b604051632b6cde2160e11b815260048101929092526024820152604401610836565b5f6118606118488460048151811061183b5761183b614909565b6020026020010151612678565b6118518a612682565b61185b898b614970565b61283f565b90508a604001358180519060200120146118a15780516020820120604080516348521d0160e11b815260048101929092528c01356024820152604401610836565b6118ad85856001611e95565b5050505050505050505050565b5f807f854c05898c3ed9c0c40762f8d27cd8eb67bba0fec862f6ed8c4d3b4bb10930b86118ea602085018561478c565b60208501356040860135611904608088016060890161429c565b61191460a0890160808a0161478c565b61192460c08a0160a08b0161429c565b61193460e08b0160c08c0161478c565b6040805160208101999099526001600160401b0397881690890152606088019590955260808701939093526001600160a01b0391821660a0870152841660c08601521660e0848101919091529116610100830152840135610120820152610140016040516020818303038152906040528051906020012090506119b5611c04565b60405161190160f01b602082015260228101919091526042810182905260620160405160208183030381529060405280519060200120915050919050565b5f5f6119fe87611db1565b9150915046876020013514611a2c57604051635ea03eed60e11b815260208801356004820152602401610836565b5f611a378787612526565b90505f611a5082600b815181106117c9576117c9614909565b9050611a626106dc60208b018b61478c565b8110611a7957806117ff6106dc60208c018c61478c565b5f611b02611a938460038151811061183b5761183b614909565b611aa360808d0160608e0161429c565b604051602001611acb919060609190911b6bffffffffffffffffffffffff1916815260140190565b60408051601f198184030181528282528051602091820120908301520160408051601f1981840301815291905261185b898b614970565b90505f611b22611b1183612892565b5f815181106117c9576117c9614909565b9050611b3460a08c0160808d0161478c565b6001600160401b03168111611b7f5780611b5460a08d0160808e0161478c565b60405163786ce3c960e11b815260048101929092526001600160401b03166024820152604401610836565b6118ad86866002611e95565b5f611bbf7f00000000000000000000000000000000000000000000000000000000000000006001600160401b038416614836565b61142a907f0000000000000000000000000000000000000000000000000000000000000000614804565b5f5f5f611bf685856128af565b9250925092505b9250925092565b604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527fa0a4f2d90075986752c5125e47313196e635c1890a9f02b8a9a1e1021a9fa512918101919091527fc89efdaa54c0f20c7adf612882df0950f5a951637e0307cdcb4c672f298b8bc660608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b5f5f5f720f3df6d732807ef1319fb7b8bb8522d0beac026001600160a01b031684604051602001611cdb91815260200190565b60408051601f1981840301815290829052611cf591614a5f565b5f60405180830381855afa9150503d805f8114611d2d576040519150601f19603f3d011682016040523d82523d5f602084013e611d32565b606091505b5091509150818015611d45575080516020145b949350505050565b5f6001600160801b03831115611d68576001600160801b0392505b81611d735782611daa565b612710611da07f000000000000000000000000000000000000000000000000000000000000000085614836565b611daa9190614861565b9392505050565b5f5f611dbc836118ba565b5f818152602081905260409020909250905060018154600160e01b900460ff166003811115611ded57611ded614708565b14611e0d57604051620d1c2160e71b815260048101839052602401610836565b80545f90611e4c907f000000000000000000000000000000000000000000000000000000000000000090600160a01b90046001600160401b0316614804565b905080421115611e785760405163388b017360e01b815242600482015260248101829052604401610836565b50915091565b5f82611e8b868685612ced565b1495945050505050565b815460ff60e01b1916600160e11b1782556001808301546001600160a01b03165f9081526020919091526040812080547f00000000000000000000000000000000000000000000000000000000000000009290611ef3908490614804565b9091555050600182015460405160ff831681526001600160a01b039091169084907f0ae5a87c60af0efff448d6833fb3347014ae60b0e5a8e9f7b328d0142ce0cb169060200160405180910390a360018201546002830154604051630357371d60e01b81526001600160a01b03928316600482015260248101919091527f000000000000000000000000000000000000000000000000000000000000000090911690630357371d906044015f604051808303815f87803b158015611fb5575f5ffd5b505af1158015611fc7573d5f5f3e3d5ffd5b50505050505050565b5f806060838203611ff45760405163ea95952960e01b815260040160405180910390fd5b84845f81811061200657612006614909565b919091013560f81c935061206c905060c08410156120305761202b8560018189614a6a565b612033565b85855b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f92019190915250612d2592505050565b915061207782612d34565b805190915060c060ff8516108015906120905750806009145b806120a957508360ff1660011480156120a9575080600b145b806120c257508360ff1660021480156120c2575080600c145b806120db57508360ff1660031480156120db575080600e145b806120f457508360ff1660041480156120f4575080600d145b156120ff5750611bfd565b60405163ea95952960e01b815260040160405180910390fd5b5f60c08360ff16106121765761216f61213d836002815181106117c9576117c9614909565b612153846001815181106117c9576117c9614909565b612169856004815181106117c9576117c9614909565b5f612e2b565b905061142a565b8260ff166001036121c65761216f61219a836003815181106117c9576117c9614909565b6121b0846002815181106117c9576117c9614909565b612169856005815181106117c9576117c9614909565b8260ff16600303612276575f6121f583600a815181106121e8576121e8614909565b6020026020010151612d34565b516122039062020000614836565b905061226e61221e846004815181106117c9576117c9614909565b612234856003815181106117c9576117c9614909565b61224a866006815181106117c9576117c9614909565b61226985612264896009815181106117c9576117c9614909565b612e51565b612e2b565b91505061142a565b611daa61228f836004815181106117c9576117c9614909565b6122a5846003815181106117c9576117c9614909565b612169856006815181106117c9576117c9614909565b5f808060418490036122ef578435602086013560408701355f1a6122e189828585612e80565b9550955095505050506122f9565b505f915060029050825b93509350939050565b5f5f5f6123148e8e8e8e8e8e8e61234e565b9350905083156123315761232c8e8888888886612f48565b61233b565b61233b8787611409565b9150509b509b9950505050505050505050565b5f5f5f61235b8989612526565b90505f61237482600b815181106117c9576117c9614909565b90506123866106dc60208d018d61478c565b811461239d57806117ff6106dc60208e018e61478c565b5f6123b3835f8151811061183b5761183b614909565b90508089896040516123c692919061491d565b60405180910390201461240a5788886040516123e392919061491d565b604051908190038120637e9909b960e01b8252600482015260248101829052604401610836565b5f61245e61244c8b8b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061289292505050565b60038151811061183b5761183b614909565b90505f6124d7828f6060016020810190612478919061429c565b6040516020016124a0919060609190911b6bffffffffffffffffffffffff1916815260140190565b60408051601f198184030181528282528051602091820120908301520160408051601f1981840301815291905261185b8b8d614970565b90505f6124e382612892565b90506124fa815f815181106117c9576117c9614909565b612510826001815181106117c9576117c9614909565b9750975050505050505097509795505050505050565b606061256683838080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061289292505050565b90505f61257f826008815181106117c9576117c9614909565b9050838360405161259192919061491d565b60405180910390206125a2826130b0565b146125c357604051633563326160e21b815260048101829052602401610836565b5092915050565b5f5f6125d68360801c90565b905060218111156125fa57604051633cf75c0160e21b815260040160405180910390fd5b5f5f5f61260686613185565b919450925090505f81600181111561262057612620614708565b1461263e57604051633cf75c0160e21b815260040160405180910390fd5b811561266c5761264f826008614836565b61265b9061010061488b565b612665878561349c565b901c61266e565b5f5b9695505050505050565b5f61142a826125ca565b6060815f036126a85750506040805180820190915260018152600160ff1b602082015290565b60808210156126e1576040516001600160f81b031960f884901b1660208201526021016040516020818303038152906040529050919050565b5f826040516020016126f591815260200190565b60408051601f1981840301815291905290505f5b81818151811061271b5761271b614909565b01602001516001600160f81b0319165f03612742578061273a81614a91565b915050612709565b5f61274e82602161488b565b6001600160401b038111156127655761276561492c565b6040519080825280601f01601f19166020018201604052801561278f576020820181803683370190505b50905061279d8260a061488b565b60f81b815f815181106127b2576127b2614909565b60200101906001600160f81b03191690815f1a90535060015b8151811015612836578360016127e18386614804565b6127eb919061488b565b815181106127fb576127fb614909565b602001015160f81c60f81b82828151811061281857612818614909565b60200101906001600160f81b03191690815f1a9053506001016127cb565b50949350505050565b60605f5f61284e8686866134eb565b90925090505f81600d81111561286657612866614708565b148190612887576040516301121c9d60e41b81526004016108369190614aa9565b509095945050505050565b606061142a6128aa83805160801b6020919091011790565b612d34565b5f5f5f5f5f5f6128bf8888611fd0565b9250925092506128cf8382612118565b94505f5f5f8351905060c08660ff1610612ae2576128f8845f815181106117c9576117c9614909565b98505f612911856006815181106117c9576117c9614909565b90506023811080612938575046600261292b60238461488b565b6129359190614861565b14155b156129565760405163ea95952960e01b815260040160405180910390fd5b600261296360238361488b565b61296d9190614ac3565b60408051600480825260a082019092529194505f9190816020015b60608152602001906001900390816129885790505090506129e08d8d5f8a8a5f815181106129b8576129b8614909565b60200260200101518b6005815181106129d3576129d3614909565b602002602001015161395a565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920182905250855186945090925015159050612a2757612a27614909565b6020026020010181905250612a3b466139da565b81600181518110612a4e57612a4e614909565b6020026020010181905250604051806040016040528060018152602001600160ff1b81525081600281518110612a8657612a86614909565b6020026020010181905250604051806040016040528060018152602001600160ff1b81525081600381518110612abe57612abe614909565b6020026020010181905250612ad281613a4e565b8051906020012094505050612c65565b46612af8855f815181106117c9576117c9614909565b14612b165760405163ea95952960e01b815260040160405180910390fd5b612b2c846001815181106117c9576117c9614909565b9850612b4d84612b3d60038461488b565b815181106117c9576117c9614909565b91506001821115612b715760405163ea95952960e01b815260040160405180910390fd5b6040805160018082528183019092525f91816020015b6060815260200190600190039081612b87579050509050612bde8c8c600189895f81518110612bb857612bb8614909565b60200260200101518a600489612bce919061488b565b815181106129d3576129d3614909565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920182905250855186945090925015159050612c2557612c25614909565b602002602001018190525086612c3a82613a4e565b604051602001612c4b929190614ad6565b604051602081830303815290604052805190602001209350505b5f612ca884612c7585601b614804565b612c9488612c8460028861488b565b8151811061183b5761183b614909565b612ca389612c8460018961488b565b612e80565b5090985090505f816003811115612cc157612cc1614708565b14612cdf5760405163ea95952960e01b815260040160405180910390fd5b505050505050509250925092565b5f81815b8481101561283657612d1b82878784818110612d0f57612d0f614909565b90506020020135613a63565b9150600101612cf1565b805160801b6020919091011790565b60605f612d418360801c90565b90505f5f5f612d4f86613185565b919450925090506001816001811115612d6a57612d6a614708565b148015612d7f5750612d7c8284614804565b84145b612d9c57604051633cf75c0160e21b815260040160405180910390fd5b604051945060208501835b85811015612e11575f80612dc3612dbe8b85613a8f565b613185565b5090925090505f612de084612dd88585614804565b8d9190613ae0565b9050612dec8284614804565b612df69085614804565b9085529250612e0a91506020905083614804565b9150612da7565b506020601f19878303010486526040525092949350505050565b5f612e48612e42612e3c8787612e51565b85613b1c565b83613b1c565b95945050505050565b5f825f03612e6057505f61142a565b82820282848281612e7357612e7361484d565b0414611daa575f19611d45565b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0841115612eb957505f91506003905082612f3e565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa158015612f0a573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b038116612f3557505f925060019150829050612f3e565b92505f91508190505b9450945094915050565b5f805b83811015612fdb575f5f612f838a888886818110612f6b57612f6b614909565b9050602002810190612f7d9190614af5565b85613b2f565b91509150848214612fb857604051631b646cb360e11b8152600481018490526024810183905260448101869052606401610836565b612fc28482613b1c565b9350612fcf826001614804565b94505050600101612f4b565b505f5f5f612fe989896128af565b925092509250848314158061301657508461300a60a08c0160808d0161478c565b6001600160401b031614155b1561304557604051631b646cb360e11b8152600481018790526024810184905260448101869052606401610836565b61305560808b0160608c0161429c565b6001600160a01b0316816001600160a01b031614613098576040516323fbb66760e21b8152600481018790526001600160a01b0382166024820152604401610836565b6130a28483613b1c565b9a9950505050505050505050565b8040801515806130c05750438210155b156130ca57919050565b5f5f71f90827f1c53a10cb7a02335b1753200029356001600160a01b0316846040516020016130fb91815260200190565b60408051601f198184030181529082905261311591614a5f565b5f60405180830381855afa9150503d805f811461314d576040519150601f19603f3d011682016040523d82523d5f602084013e613152565b606091505b5091509150818015613165575080516020145b1561317e5780806020019051810190611d459190614874565b5050919050565b5f5f5f5f6131938560801c90565b9050805f036131b557604051633cf75c0160e21b815260040160405180910390fd5b5f6131c0868261349c565b60f81c905060c081101561335757608060ff821610156131eb575f60015f9450945094505050613495565b6131f760376080614b14565b60ff168160ff1611613274575f61320f608083614b2d565b60ff169050808311801561324657508060011415806132465750600160ff1b61323988600161349c565b6001600160f81b03191610155b61326357604051633cf75c0160e21b815260040160405180910390fd5b6001955093505f9250613495915050565b5f6037613282608084614b2d565b61328c9190614b2d565b60ff1690508083116132b157604051633cf75c0160e21b815260040160405180910390fd5b5f6132bd88600161349c565b90506001600160f81b031981165f036132e957604051633cf75c0160e21b815260040160405180910390fd5b5f6132f5836008614836565b6133019061010061488b565b82901c905060378111801561331e57508061331c848761488b565b115b61333b57604051633cf75c0160e21b815260040160405180910390fd5b613346836001614804565b975095505f94506134959350505050565b613363603760c0614b14565b60ff168160ff16116133b1575f61337b60c083614b2d565b60ff1690508083116133a057604051633cf75c0160e21b815260040160405180910390fd5b600195509350849250613495915050565b5f60376133bf60c084614b2d565b6133c99190614b2d565b60ff1690508083116133ee57604051633cf75c0160e21b815260040160405180910390fd5b5f6133fa88600161349c565b90506001600160f81b031981165f0361342657604051633cf75c0160e21b815260040160405180910390fd5b5f613432836008614836565b61343e9061010061488b565b82901c905060378111801561345b575080613459848761488b565b115b61347857604051633cf75c0160e21b815260040160405180910390fd5b613483836001614804565b97509550600194506134959350505050565b9193909250565b5f806134bb6134ac846020614804565b6134b68660801c90565b613d62565b9050601f8111156134d0576134d06032613d73565b5f19816008021b835f1960801c861601511691505092915050565b60605f83515f036135025750606090506001613952565b5f61350c85613d84565b90505f5f5f61351a60405190565b90505f805b8851811015613943575f89828151811061353b5761353b614909565b60200260200101519050825f0361357257805160208201208c1461356d57606060029850985050505050505050613952565b6135db565b60208151106135aa578460201415806135915750805160208201208614155b1561356d57606060039850985050505050505050613952565b8051851415806135c25750856135bf82614b46565b14155b156135db57606060049850985050505050505050613952565b5f6135e582612892565b90505b6135f460106001614804565b8151036136d5578751840361363a576136298160108151811061361957613619614909565b60200260200101518c5185613e89565b995099505050505050505050613952565b5f88858151811061364d5761364d614909565b602001015160f81c60f81b90505f828260f81c60ff168151811061367357613673614909565b6020026020010151905061368681613ed4565b9099509750613696600187614804565b955087602014806136b757506136b7818e6136b2886001614804565b613f11565b156136c3575050613930565b6136cc81612d34565b925050506135e8565b600281510361391b575f8b90505f61370d613708845f815181106136fb576136fb614909565b6020026020010151613f53565b613d84565b905080515f0361372e57606060059b509b5050505050505050505050613952565b5f815f8151811061374157613741614909565b016020015160f81c90505f613769886137638e805160801b6020919091011790565b90613a8f565b90505f61379b61377a600285614b69565b613785906002614b2d565b60ff1661376386805160801b6020919091011790565b90505f6137a88260801c90565b90506137b48360801c90565b8111806137d357506137d16137ca845f84613ae0565b8390613fac565b155b156137f357606060069f509f505050505050505050505050505050613952565b600160ff85161161389457805f0361382057606060079f509f505050505050505050505050505050613952565b5f8760018151811061383457613834614909565b6020026020010151905061384781613ed4565b909e509c50613856828c614804565b9a508c60201480613872575061387281886136b28d6001614804565b156138835750505050505050613930565b61388c81612d34565b975050613910565b600360ff8516116138f5576138a98360801c90565b81146138b8576060600a6138de565b6138de876001815181106138ce576138ce614909565b602002602001015187518b613e89565b9f509f505050505050505050505050505050613952565b6060600b9f509f505050505050505050505050505050613952565b5050505050506135e8565b6060600c995099505050505050505050613952565b5061393a84604052565b5060010161351f565b506060600d9650965050505050505b935093915050565b365f806001600160801b03861690508888826001600160801b038816613980908b614804565b61398a919061488b565b90836139968860801c90565b6139a96001600160801b038a168d614804565b6139b39190614804565b6139bd919061488b565b926139ca93929190614a6a565b9250925050965096945050505050565b60606080821015613a0557506040516001815260808215028217602082015360218101604052919050565b5f613a0f83613fe8565b613a1a906001614804565b905060405191506001810182526080810160208301538281600802610100031b602183015260218101820160405250919050565b606061142a613a5c83614036565b60c0614107565b5f818310613a7d575f828152602084905260409020611daa565b5f838152602083905260409020611daa565b5f613a9a8360801c90565b821115613aab57613aab6032613d73565b611daa82613ab98560801c90565b613ac3919061488b565b613ad66001600160801b03861685614198565b60809190911b1790565b5f613aeb8460801c90565b613af58385614804565b1115613b0557613b056032613d73565b611d4582613ad66001600160801b03871686614198565b5f82820183811015611daa575f19611d45565b5f8083613b4260c0870160a0880161429c565b6001600160a01b0316613b5b60c0830160a0840161429c565b6001600160a01b0316141580613b9b5750613b79602087018761478c565b6001600160401b0316613b8f602083018361478c565b6001600160401b031614155b80613baa575046816020013514155b80613be55750613bc0608087016060880161429c565b6001600160a01b0316613bd9608083016060840161429c565b6001600160a01b031614155b15613c065760405163aab791dd60e01b815260048101859052602401610836565b613c1881610418610100880188614b8a565b50506040810135613c2d610120870187614b8a565b604051613c3b92919061491d565b604051809103902014613c8d57613c56610120860186614b8a565b604051613c6492919061491d565b604080519182900382206348521d0160e11b835260048301528201356024820152604401610836565b5f613ca4613c9f610120880188614b8a565b6128af565b91955093509050613cbb60a083016080840161478c565b6001600160401b03168414613d0f578484613cdc60a085016080860161478c565b604051631b646cb360e11b8152600481019390935260248301919091526001600160401b03166044820152606401610836565b613d1f608088016060890161429c565b6001600160a01b0316816001600160a01b03161461159e576040516323fbb66760e21b8152600481018690526001600160a01b0382166024820152604401610836565b5f8082840384811115908102611425565b634e487b715f52806020526024601cfd5b80516040805160028302808201602001909252908152905f5b8181101561317e578060208501015160801c808160401b1777ffffffffffffffff0000000000000000ffffffffffffffff169050808160201b177bffffffff00000000ffffffff00000000ffffffff00000000ffffffff169050808160101b177dffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff169050808160081b177eff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff00ff169050808160041b177f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f169050806002830260208601015250601081019050613d9d565b60605f613e9760018561488b565b8314613ea95750606090506008613952565b5f613eb386613f53565b90508081515f14613ec4575f613ec7565b60095b9250925050935093915050565b5f5f5f613ee18460801c90565b905060218110613efb57613ef484612678565b6020613f07565b613f05845f61349c565b815b9250925050915091565b5f825182108015611d455750611d45613f4c848481518110613f3557613f35614909565b6020026020010151805160801b6020919091011790565b8590613fac565b60605f5f5f613f6185613185565b919450925090505f816001811115613f7b57613f7b614708565b14613f9957604051633cf75c0160e21b815260040160405180910390fd5b612e48613fa7868585613ae0565b6141a3565b5f5f613fb88460801c90565b9050613fc48360801c90565b81036125c3576001600160801b039283168190209390921691909120909114919050565b5f60076001600160801b038311901b905060066001600160401b0383831c11901b17600563ffffffff83831c11901b17600461ffff83831c11901b1760ff82821c1160039190911c17919050565b60605f805b83518110156140745783818151811061405657614056614909565b6020026020010151518261406a9190614804565b915060010161403b565b505f816001600160401b0381111561408e5761408e61492c565b6040519080825280601f01601f1916602001820160405280156140b8576020820181803683370190505b50905060205f5b85518110156140fd575f8682815181106140db576140db614909565b602002602001015190508051602082018486015e5191909101906001016140bf565b5090949350505050565b81516060906037811161413f57604051915060018101825282810160208301538060208501602184015e6021810182016040526125c3565b5f61414982613fe8565b614154906001614804565b90506040519250600181830101835260378482010160208401538181600802610100031b602184015281602086016021830185015e01810160210160405292915050565b5f611daa8284614804565b60605f6141b08360801c90565b604051818152925090506001600160801b0383168181602085015e508101602001604052919050565b5f61010082840312156141ea575f5ffd5b50919050565b5f5f83601f840112614200575f5ffd5b5081356001600160401b03811115614216575f5ffd5b60208301915083602082850101111561422d575f5ffd5b9250929050565b5f5f5f6101208486031215614247575f5ffd5b61425185856141d9565b92506101008401356001600160401b0381111561426c575f5ffd5b614278868287016141f0565b9497909650939450505050565b6001600160a01b0381168114614299575f5ffd5b50565b5f602082840312156142ac575f5ffd5b8135611daa81614285565b5f61010082840312156142c8575f5ffd5b611daa83836141d9565b5f5f83601f8401126142e2575f5ffd5b5081356001600160401b038111156142f8575f5ffd5b6020830191508360208260051b850101111561422d575f5ffd5b5f5f5f5f5f5f6101608789031215614328575f5ffd5b61433288886141d9565b95506101008701356001600160401b0381111561434d575f5ffd5b8701601f8101891361435d575f5ffd5b80356001600160401b03811115614372575f5ffd5b8960208260071b8401011115614386575f5ffd5b6020919091019550935061012087013592506101408701356001600160401b038111156143b1575f5ffd5b6143bd89828a016142d2565b979a9699509497509295939492505050565b5f5f602083850312156143e0575f5ffd5b82356001600160401b038111156143f5575f5ffd5b614401858286016141f0565b90969095509350505050565b5f5f5f5f5f5f5f5f5f5f5f6101a08c8e031215614428575f5ffd5b6144328d8d6141d9565b9a506101008c01356001600160401b0381111561444d575f5ffd5b6144598e828f016141f0565b909b509950506101208c01356001600160401b03811115614478575f5ffd5b6144848e828f016141f0565b9099509750506101408c01356001600160401b038111156144a3575f5ffd5b6144af8e828f016142d2565b9097509550506101608c01356001600160401b038111156144ce575f5ffd5b6144da8e828f016141f0565b9095509350506101808c01356001600160401b038111156144f9575f5ffd5b6145058e828f016142d2565b915080935050809150509295989b509295989b9093969950565b5f5f5f5f5f5f5f5f5f6101808a8c031215614538575f5ffd5b6145428b8b6141d9565b98506101008a01356001600160401b0381111561455d575f5ffd5b6145698c828d016141f0565b9099509750506101208a01356001600160401b03811115614588575f5ffd5b6145948c828d016141f0565b9097509550506101408a01356001600160401b038111156145b3575f5ffd5b6145bf8c828d016142d2565b9095509350506101608a01356001600160401b038111156145de575f5ffd5b6145ea8c828d016141f0565b915080935050809150509295985092959850929598565b5f5f5f5f5f5f6101608789031215614617575f5ffd5b61462188886141d9565b95506101008701356001600160401b0381111561463c575f5ffd5b61464889828a016141f0565b90965094505061012087013592506101408701356001600160401b038111156143b1575f5ffd5b5f5f5f5f5f6101408688031215614684575f5ffd5b61468e87876141d9565b94506101008601356001600160401b038111156146a9575f5ffd5b6146b5888289016141f0565b9095509350506101208601356001600160401b038111156146d4575f5ffd5b6146e0888289016142d2565b969995985093965092949392505050565b5f60208284031215614701575f5ffd5b5035919050565b634e487b7160e01b5f52602160045260245ffd5b6001600160a01b03871681526001600160401b038616602082015260c081016004861061474b5761474b614708565b604082019590955292151560608401526001600160a01b0391909116608083015260a09091015292915050565b6001600160401b0381168114614299575f5ffd5b5f6020828403121561479c575f5ffd5b8135611daa81614778565b5f5f5f5f608085870312156147ba575f5ffd5b84516147c581614285565b60208601516040870151606088015192965090945092506147e581614778565b939692955090935050565b634e487b7160e01b5f52601160045260245ffd5b8082018082111561142a5761142a6147f0565b5f60208284031215614827575f5ffd5b81518015158114611daa575f5ffd5b808202811582820484141761142a5761142a6147f0565b634e487b7160e01b5f52601260045260245ffd5b5f8261486f5761486f61484d565b500490565b5f60208284031215614884575f5ffd5b5051919050565b8181038181111561142a5761142a6147f0565b602080825281018290525f8360408301825b858110156148ff578235825260208084013590830152604083013563ffffffff81168082146148dd575f5ffd5b60408401525060608381013590830152608092830192909101906001016148b0565b5095945050505050565b634e487b7160e01b5f52603260045260245ffd5b818382375f9101908152919050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b03811182821017156149685761496861492c565b604052919050565b5f6001600160401b038311156149885761498861492c565b8260051b61499860208201614940565b848152908301906020810190368311156149b0575f5ffd5b845b838110156148ff5780356001600160401b038111156149cf575f5ffd5b860136601f8201126149df575f5ffd5b80356001600160401b038111156149f8576149f861492c565b614a0b601f8201601f1916602001614940565b818152366020838501011115614a1f575f5ffd5b816020840160208301375f602083830101528086525050506020830192506020810190506149b2565b5f81518060208401855e5f93019283525090919050565b5f611daa8284614a48565b5f5f85851115614a78575f5ffd5b83861115614a84575f5ffd5b5050820193919092039150565b5f60018201614aa257614aa26147f0565b5060010190565b60208101600e8310614abd57614abd614708565b91905290565b5f82614ad157614ad161484d565b500690565b60f883901b6001600160f81b03191681525f611d456001830184614a48565b5f823561013e19833603018112614b0a575f5ffd5b9190910192915050565b60ff818116838216019081111561142a5761142a6147f0565b60ff828116828216039081111561142a5761142a6147f0565b805160208083015191908110156141ea575f1960209190910360031b1b16919050565b5f60ff831680614b7b57614b7b61484d565b8060ff84160691505092915050565b5f5f8335601e19843603018112614b9f575f5ffd5b8301803591506001600160401b03821115614bb8575f5ffd5b60200191503681900382131561422d575f5ffd",
}

// PreconfSlasherABI is the input ABI used to generate the binding from.
// Deprecated: Use PreconfSlasherMetaData.ABI instead.
var PreconfSlasherABI = PreconfSlasherMetaData.ABI

// PreconfSlasherBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use PreconfSlasherMetaData.Bin instead.
var PreconfSlasherBin = PreconfSlasherMetaData.Bin

// DeployPreconfSlasher deploys a new Ethereum contract, binding an instance of PreconfSlasher to it.
func DeployPreconfSlasher(auth *bind.TransactOpts, backend bind.ContractBackend, registry_ common.Address, inbox_ common.Address, c PreconfSlasherConfig) (common.Address, *types.Transaction, *PreconfSlasher, error) {
	parsed, err := PreconfSlasherMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(PreconfSlasherBin), backend, registry_, inbox_, c)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &PreconfSlasher{PreconfSlasherCaller: PreconfSlasherCaller{contract: contract}, PreconfSlasherTransactor: PreconfSlasherTransactor{contract: contract}, PreconfSlasherFilterer: PreconfSlasherFilterer{contract: contract}}, nil
}

// PreconfSlasher is an auto generated Go binding around an Ethereum contract.
type PreconfSlasher struct {
	PreconfSlasherCaller     // Read-only binding to the contract
	PreconfSlasherTransactor // Write-only binding to the contract
	PreconfSlasherFilterer   // Log filterer for contract events
}

// PreconfSlasherCaller is an auto generated read-only Go binding around an Ethereum contract.
type PreconfSlasherCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// PreconfSlasherTransactor is an auto generated write-only Go binding around an Ethereum contract.
type PreconfSlasherTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// PreconfSlasherFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type PreconfSlasherFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// PreconfSlasherSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type PreconfSlasherSession struct {
	Contract     *PreconfSlasher   // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// PreconfSlasherCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type PreconfSlasherCallerSession struct {
	Contract *PreconfSlasherCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts         // Call options to use throughout this session
}

// PreconfSlasherTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type PreconfSlasherTransactorSession struct {
	Contract     *PreconfSlasherTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts         // Transaction auth options to use throughout this session
}

// PreconfSlasherRaw is an auto generated low-level Go binding around an Ethereum contract.
type PreconfSlasherRaw struct {
	Contract *PreconfSlasher // Generic contract binding to access the raw methods on
}

// PreconfSlasherCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type PreconfSlasherCallerRaw struct {
	Contract *PreconfSlasherCaller // Generic read-only contract binding to access the raw methods on
}

// PreconfSlasherTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type PreconfSlasherTransactorRaw struct {
	Contract *PreconfSlasherTransactor // Generic write-only contract binding to access the raw methods on
}

// NewPreconfSlasher creates a new instance of PreconfSlasher, bound to a specific deployed contract.
func NewPreconfSlasher(address common.Address, backend bind.ContractBackend) (*PreconfSlasher, error) {
	contract, err := bindPreconfSlasher(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasher{PreconfSlasherCaller: PreconfSlasherCaller{contract: contract}, PreconfSlasherTransactor: PreconfSlasherTransactor{contract: contract}, PreconfSlasherFilterer: PreconfSlasherFilterer{contract: contract}}, nil
}

// NewPreconfSlasherCaller creates a new read-only instance of PreconfSlasher, bound to a specific deployed contract.
func NewPreconfSlasherCaller(address common.Address, caller bind.ContractCaller) (*PreconfSlasherCaller, error) {
	contract, err := bindPreconfSlasher(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherCaller{contract: contract}, nil
}

// NewPreconfSlasherTransactor creates a new write-only instance of PreconfSlasher, bound to a specific deployed contract.
func NewPreconfSlasherTransactor(address common.Address, transactor bind.ContractTransactor) (*PreconfSlasherTransactor, error) {
	contract, err := bindPreconfSlasher(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherTransactor{contract: contract}, nil
}

// NewPreconfSlasherFilterer creates a new log filterer instance of PreconfSlasher, bound to a specific deployed contract.
func NewPreconfSlasherFilterer(address common.Address, filterer bind.ContractFilterer) (*PreconfSlasherFilterer, error) {
	contract, err := bindPreconfSlasher(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherFilterer{contract: contract}, nil
}

// bindPreconfSlasher binds a generic wrapper to an already deployed contract.
func bindPreconfSlasher(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := PreconfSlasherMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_PreconfSlasher *PreconfSlasherRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _PreconfSlasher.Contract.PreconfSlasherCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_PreconfSlasher *PreconfSlasherRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.PreconfSlasherTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_PreconfSlasher *PreconfSlasherRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.PreconfSlasherTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_PreconfSlasher *PreconfSlasherCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _PreconfSlasher.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_PreconfSlasher *PreconfSlasherTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_PreconfSlasher *PreconfSlasherTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.contract.Transact(opts, method, params...)
}

// BEACONROOTS is a free data retrieval call binding the contract method 0x56d7e8fd.
//
// Solidity: function BEACON_ROOTS() view returns(address)
func (_PreconfSlasher *PreconfSlasherCaller) BEACONROOTS(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "BEACON_ROOTS")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// BEACONROOTS is a free data retrieval call binding the contract method 0x56d7e8fd.
//
// Solidity: function BEACON_ROOTS() view returns(address)
func (_PreconfSlasher *PreconfSlasherSession) BEACONROOTS() (common.Address, error) {
	return _PreconfSlasher.Contract.BEACONROOTS(&_PreconfSlasher.CallOpts)
}

// BEACONROOTS is a free data retrieval call binding the contract method 0x56d7e8fd.
//
// Solidity: function BEACON_ROOTS() view returns(address)
func (_PreconfSlasher *PreconfSlasherCallerSession) BEACONROOTS() (common.Address, error) {
	return _PreconfSlasher.Contract.BEACONROOTS(&_PreconfSlasher.CallOpts)
}

// DOMAINTYPEHASH is a free data retrieval call binding the contract method 0x20606b70.
//
// Solidity: function DOMAIN_TYPEHASH() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCaller) DOMAINTYPEHASH(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "DOMAIN_TYPEHASH")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// DOMAINTYPEHASH is a free data retrieval call binding the contract method 0x20606b70.
//
// Solidity: function DOMAIN_TYPEHASH() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherSession) DOMAINTYPEHASH() ([32]byte, error) {
	return _PreconfSlasher.Contract.DOMAINTYPEHASH(&_PreconfSlasher.CallOpts)
}

// DOMAINTYPEHASH is a free data retrieval call binding the contract method 0x20606b70.
//
// Solidity: function DOMAIN_TYPEHASH() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCallerSession) DOMAINTYPEHASH() ([32]byte, error) {
	return _PreconfSlasher.Contract.DOMAINTYPEHASH(&_PreconfSlasher.CallOpts)
}

// HISTORY is a free data retrieval call binding the contract method 0xadf54cce.
//
// Solidity: function HISTORY() view returns(address)
func (_PreconfSlasher *PreconfSlasherCaller) HISTORY(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "HISTORY")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// HISTORY is a free data retrieval call binding the contract method 0xadf54cce.
//
// Solidity: function HISTORY() view returns(address)
func (_PreconfSlasher *PreconfSlasherSession) HISTORY() (common.Address, error) {
	return _PreconfSlasher.Contract.HISTORY(&_PreconfSlasher.CallOpts)
}

// HISTORY is a free data retrieval call binding the contract method 0xadf54cce.
//
// Solidity: function HISTORY() view returns(address)
func (_PreconfSlasher *PreconfSlasherCallerSession) HISTORY() (common.Address, error) {
	return _PreconfSlasher.Contract.HISTORY(&_PreconfSlasher.CallOpts)
}

// HISTORYSIZE is a free data retrieval call binding the contract method 0x652c462e.
//
// Solidity: function HISTORY_SIZE() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) HISTORYSIZE(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "HISTORY_SIZE")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// HISTORYSIZE is a free data retrieval call binding the contract method 0x652c462e.
//
// Solidity: function HISTORY_SIZE() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) HISTORYSIZE() (*big.Int, error) {
	return _PreconfSlasher.Contract.HISTORYSIZE(&_PreconfSlasher.CallOpts)
}

// HISTORYSIZE is a free data retrieval call binding the contract method 0x652c462e.
//
// Solidity: function HISTORY_SIZE() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) HISTORYSIZE() (*big.Int, error) {
	return _PreconfSlasher.Contract.HISTORYSIZE(&_PreconfSlasher.CallOpts)
}

// INCLUSIONTYPEHASH is a free data retrieval call binding the contract method 0xe439e6b2.
//
// Solidity: function INCLUSION_TYPEHASH() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCaller) INCLUSIONTYPEHASH(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "INCLUSION_TYPEHASH")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// INCLUSIONTYPEHASH is a free data retrieval call binding the contract method 0xe439e6b2.
//
// Solidity: function INCLUSION_TYPEHASH() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherSession) INCLUSIONTYPEHASH() ([32]byte, error) {
	return _PreconfSlasher.Contract.INCLUSIONTYPEHASH(&_PreconfSlasher.CallOpts)
}

// INCLUSIONTYPEHASH is a free data retrieval call binding the contract method 0xe439e6b2.
//
// Solidity: function INCLUSION_TYPEHASH() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCallerSession) INCLUSIONTYPEHASH() ([32]byte, error) {
	return _PreconfSlasher.Contract.INCLUSIONTYPEHASH(&_PreconfSlasher.CallOpts)
}

// Bond is a free data retrieval call binding the contract method 0x64c9ec6f.
//
// Solidity: function bond() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) Bond(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "bond")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Bond is a free data retrieval call binding the contract method 0x64c9ec6f.
//
// Solidity: function bond() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) Bond() (*big.Int, error) {
	return _PreconfSlasher.Contract.Bond(&_PreconfSlasher.CallOpts)
}

// Bond is a free data retrieval call binding the contract method 0x64c9ec6f.
//
// Solidity: function bond() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) Bond() (*big.Int, error) {
	return _PreconfSlasher.Contract.Bond(&_PreconfSlasher.CallOpts)
}

// ChallengeWindow is a free data retrieval call binding the contract method 0x861a1412.
//
// Solidity: function challengeWindow() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) ChallengeWindow(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "challengeWindow")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// ChallengeWindow is a free data retrieval call binding the contract method 0x861a1412.
//
// Solidity: function challengeWindow() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) ChallengeWindow() (*big.Int, error) {
	return _PreconfSlasher.Contract.ChallengeWindow(&_PreconfSlasher.CallOpts)
}

// ChallengeWindow is a free data retrieval call binding the contract method 0x861a1412.
//
// Solidity: function challengeWindow() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) ChallengeWindow() (*big.Int, error) {
	return _PreconfSlasher.Contract.ChallengeWindow(&_PreconfSlasher.CallOpts)
}

// Challenges is a free data retrieval call binding the contract method 0xc1e69b66.
//
// Solidity: function challenges(bytes32 digest) view returns(address challenger, uint64 openedAt, uint8 status, bool missed, address owner, uint256 locked)
func (_PreconfSlasher *PreconfSlasherCaller) Challenges(opts *bind.CallOpts, digest [32]byte) (struct {
	Challenger common.Address
	OpenedAt   uint64
	Status     uint8
	Missed     bool
	Owner      common.Address
	Locked     *big.Int
}, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "challenges", digest)

	outstruct := new(struct {
		Challenger common.Address
		OpenedAt   uint64
		Status     uint8
		Missed     bool
		Owner      common.Address
		Locked     *big.Int
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Challenger = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.OpenedAt = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	outstruct.Status = *abi.ConvertType(out[2], new(uint8)).(*uint8)
	outstruct.Missed = *abi.ConvertType(out[3], new(bool)).(*bool)
	outstruct.Owner = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Locked = *abi.ConvertType(out[5], new(*big.Int)).(**big.Int)

	return *outstruct, err

}

// Challenges is a free data retrieval call binding the contract method 0xc1e69b66.
//
// Solidity: function challenges(bytes32 digest) view returns(address challenger, uint64 openedAt, uint8 status, bool missed, address owner, uint256 locked)
func (_PreconfSlasher *PreconfSlasherSession) Challenges(digest [32]byte) (struct {
	Challenger common.Address
	OpenedAt   uint64
	Status     uint8
	Missed     bool
	Owner      common.Address
	Locked     *big.Int
}, error) {
	return _PreconfSlasher.Contract.Challenges(&_PreconfSlasher.CallOpts, digest)
}

// Challenges is a free data retrieval call binding the contract method 0xc1e69b66.
//
// Solidity: function challenges(bytes32 digest) view returns(address challenger, uint64 openedAt, uint8 status, bool missed, address owner, uint256 locked)
func (_PreconfSlasher *PreconfSlasherCallerSession) Challenges(digest [32]byte) (struct {
	Challenger common.Address
	OpenedAt   uint64
	Status     uint8
	Missed     bool
	Owner      common.Address
	Locked     *big.Int
}, error) {
	return _PreconfSlasher.Contract.Challenges(&_PreconfSlasher.CallOpts, digest)
}

// Claimable is a free data retrieval call binding the contract method 0x402914f5.
//
// Solidity: function claimable(address ) view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) Claimable(opts *bind.CallOpts, arg0 common.Address) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "claimable", arg0)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Claimable is a free data retrieval call binding the contract method 0x402914f5.
//
// Solidity: function claimable(address ) view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) Claimable(arg0 common.Address) (*big.Int, error) {
	return _PreconfSlasher.Contract.Claimable(&_PreconfSlasher.CallOpts, arg0)
}

// Claimable is a free data retrieval call binding the contract method 0x402914f5.
//
// Solidity: function claimable(address ) view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) Claimable(arg0 common.Address) (*big.Int, error) {
	return _PreconfSlasher.Contract.Claimable(&_PreconfSlasher.CallOpts, arg0)
}

// DefenceWindow is a free data retrieval call binding the contract method 0xe45e5224.
//
// Solidity: function defenceWindow() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) DefenceWindow(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "defenceWindow")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// DefenceWindow is a free data retrieval call binding the contract method 0xe45e5224.
//
// Solidity: function defenceWindow() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) DefenceWindow() (*big.Int, error) {
	return _PreconfSlasher.Contract.DefenceWindow(&_PreconfSlasher.CallOpts)
}

// DefenceWindow is a free data retrieval call binding the contract method 0xe45e5224.
//
// Solidity: function defenceWindow() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) DefenceWindow() (*big.Int, error) {
	return _PreconfSlasher.Contract.DefenceWindow(&_PreconfSlasher.CallOpts)
}

// Digest is a free data retrieval call binding the contract method 0xad1eaabf.
//
// Solidity: function digest((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c) view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCaller) Digest(opts *bind.CallOpts, c PreconfSlasherInclusionCommitment) ([32]byte, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "digest", c)

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// Digest is a free data retrieval call binding the contract method 0xad1eaabf.
//
// Solidity: function digest((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c) view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherSession) Digest(c PreconfSlasherInclusionCommitment) ([32]byte, error) {
	return _PreconfSlasher.Contract.Digest(&_PreconfSlasher.CallOpts, c)
}

// Digest is a free data retrieval call binding the contract method 0xad1eaabf.
//
// Solidity: function digest((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c) view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCallerSession) Digest(c PreconfSlasherInclusionCommitment) ([32]byte, error) {
	return _PreconfSlasher.Contract.Digest(&_PreconfSlasher.CallOpts, c)
}

// DomainSeparator is a free data retrieval call binding the contract method 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCaller) DomainSeparator(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "domainSeparator")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// DomainSeparator is a free data retrieval call binding the contract method 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherSession) DomainSeparator() ([32]byte, error) {
	return _PreconfSlasher.Contract.DomainSeparator(&_PreconfSlasher.CallOpts)
}

// DomainSeparator is a free data retrieval call binding the contract method 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (_PreconfSlasher *PreconfSlasherCallerSession) DomainSeparator() ([32]byte, error) {
	return _PreconfSlasher.Contract.DomainSeparator(&_PreconfSlasher.CallOpts)
}

// FinalityDelay is a free data retrieval call binding the contract method 0x5ea4d95f.
//
// Solidity: function finalityDelay() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) FinalityDelay(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "finalityDelay")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// FinalityDelay is a free data retrieval call binding the contract method 0x5ea4d95f.
//
// Solidity: function finalityDelay() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) FinalityDelay() (*big.Int, error) {
	return _PreconfSlasher.Contract.FinalityDelay(&_PreconfSlasher.CallOpts)
}

// FinalityDelay is a free data retrieval call binding the contract method 0x5ea4d95f.
//
// Solidity: function finalityDelay() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) FinalityDelay() (*big.Int, error) {
	return _PreconfSlasher.Contract.FinalityDelay(&_PreconfSlasher.CallOpts)
}

// GenesisTime is a free data retrieval call binding the contract method 0x42c6498a.
//
// Solidity: function genesisTime() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) GenesisTime(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "genesisTime")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// GenesisTime is a free data retrieval call binding the contract method 0x42c6498a.
//
// Solidity: function genesisTime() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) GenesisTime() (*big.Int, error) {
	return _PreconfSlasher.Contract.GenesisTime(&_PreconfSlasher.CallOpts)
}

// GenesisTime is a free data retrieval call binding the contract method 0x42c6498a.
//
// Solidity: function genesisTime() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) GenesisTime() (*big.Int, error) {
	return _PreconfSlasher.Contract.GenesisTime(&_PreconfSlasher.CallOpts)
}

// Inbox is a free data retrieval call binding the contract method 0xfb0e722b.
//
// Solidity: function inbox() view returns(address)
func (_PreconfSlasher *PreconfSlasherCaller) Inbox(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "inbox")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Inbox is a free data retrieval call binding the contract method 0xfb0e722b.
//
// Solidity: function inbox() view returns(address)
func (_PreconfSlasher *PreconfSlasherSession) Inbox() (common.Address, error) {
	return _PreconfSlasher.Contract.Inbox(&_PreconfSlasher.CallOpts)
}

// Inbox is a free data retrieval call binding the contract method 0xfb0e722b.
//
// Solidity: function inbox() view returns(address)
func (_PreconfSlasher *PreconfSlasherCallerSession) Inbox() (common.Address, error) {
	return _PreconfSlasher.Contract.Inbox(&_PreconfSlasher.CallOpts)
}

// LivenessBps is a free data retrieval call binding the contract method 0x2d79ba8c.
//
// Solidity: function livenessBps() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) LivenessBps(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "livenessBps")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// LivenessBps is a free data retrieval call binding the contract method 0x2d79ba8c.
//
// Solidity: function livenessBps() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) LivenessBps() (*big.Int, error) {
	return _PreconfSlasher.Contract.LivenessBps(&_PreconfSlasher.CallOpts)
}

// LivenessBps is a free data retrieval call binding the contract method 0x2d79ba8c.
//
// Solidity: function livenessBps() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) LivenessBps() (*big.Int, error) {
	return _PreconfSlasher.Contract.LivenessBps(&_PreconfSlasher.CallOpts)
}

// Notice is a free data retrieval call binding the contract method 0x9c94e6c6.
//
// Solidity: function notice() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) Notice(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "notice")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Notice is a free data retrieval call binding the contract method 0x9c94e6c6.
//
// Solidity: function notice() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) Notice() (*big.Int, error) {
	return _PreconfSlasher.Contract.Notice(&_PreconfSlasher.CallOpts)
}

// Notice is a free data retrieval call binding the contract method 0x9c94e6c6.
//
// Solidity: function notice() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) Notice() (*big.Int, error) {
	return _PreconfSlasher.Contract.Notice(&_PreconfSlasher.CallOpts)
}

// Registry is a free data retrieval call binding the contract method 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (_PreconfSlasher *PreconfSlasherCaller) Registry(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "registry")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Registry is a free data retrieval call binding the contract method 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (_PreconfSlasher *PreconfSlasherSession) Registry() (common.Address, error) {
	return _PreconfSlasher.Contract.Registry(&_PreconfSlasher.CallOpts)
}

// Registry is a free data retrieval call binding the contract method 0x7b103999.
//
// Solidity: function registry() view returns(address)
func (_PreconfSlasher *PreconfSlasherCallerSession) Registry() (common.Address, error) {
	return _PreconfSlasher.Contract.Registry(&_PreconfSlasher.CallOpts)
}

// RewardBps is a free data retrieval call binding the contract method 0x82328ffc.
//
// Solidity: function rewardBps() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) RewardBps(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "rewardBps")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// RewardBps is a free data retrieval call binding the contract method 0x82328ffc.
//
// Solidity: function rewardBps() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) RewardBps() (*big.Int, error) {
	return _PreconfSlasher.Contract.RewardBps(&_PreconfSlasher.CallOpts)
}

// RewardBps is a free data retrieval call binding the contract method 0x82328ffc.
//
// Solidity: function rewardBps() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) RewardBps() (*big.Int, error) {
	return _PreconfSlasher.Contract.RewardBps(&_PreconfSlasher.CallOpts)
}

// SecondsPerSlot is a free data retrieval call binding the contract method 0x22a111fc.
//
// Solidity: function secondsPerSlot() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) SecondsPerSlot(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "secondsPerSlot")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// SecondsPerSlot is a free data retrieval call binding the contract method 0x22a111fc.
//
// Solidity: function secondsPerSlot() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) SecondsPerSlot() (*big.Int, error) {
	return _PreconfSlasher.Contract.SecondsPerSlot(&_PreconfSlasher.CallOpts)
}

// SecondsPerSlot is a free data retrieval call binding the contract method 0x22a111fc.
//
// Solidity: function secondsPerSlot() view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) SecondsPerSlot() (*big.Int, error) {
	return _PreconfSlasher.Contract.SecondsPerSlot(&_PreconfSlasher.CallOpts)
}

// SlotTime is a free data retrieval call binding the contract method 0xd63c75a0.
//
// Solidity: function slotTime(uint64 slot) view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) SlotTime(opts *bind.CallOpts, slot uint64) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "slotTime", slot)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// SlotTime is a free data retrieval call binding the contract method 0xd63c75a0.
//
// Solidity: function slotTime(uint64 slot) view returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) SlotTime(slot uint64) (*big.Int, error) {
	return _PreconfSlasher.Contract.SlotTime(&_PreconfSlasher.CallOpts, slot)
}

// SlotTime is a free data retrieval call binding the contract method 0xd63c75a0.
//
// Solidity: function slotTime(uint64 slot) view returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) SlotTime(slot uint64) (*big.Int, error) {
	return _PreconfSlasher.Contract.SlotTime(&_PreconfSlasher.CallOpts, slot)
}

// TxCost is a free data retrieval call binding the contract method 0x4fce2bf4.
//
// Solidity: function txCost(bytes raw) pure returns(uint256)
func (_PreconfSlasher *PreconfSlasherCaller) TxCost(opts *bind.CallOpts, raw []byte) (*big.Int, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "txCost", raw)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TxCost is a free data retrieval call binding the contract method 0x4fce2bf4.
//
// Solidity: function txCost(bytes raw) pure returns(uint256)
func (_PreconfSlasher *PreconfSlasherSession) TxCost(raw []byte) (*big.Int, error) {
	return _PreconfSlasher.Contract.TxCost(&_PreconfSlasher.CallOpts, raw)
}

// TxCost is a free data retrieval call binding the contract method 0x4fce2bf4.
//
// Solidity: function txCost(bytes raw) pure returns(uint256)
func (_PreconfSlasher *PreconfSlasherCallerSession) TxCost(raw []byte) (*big.Int, error) {
	return _PreconfSlasher.Contract.TxCost(&_PreconfSlasher.CallOpts, raw)
}

// TxSender is a free data retrieval call binding the contract method 0xdf3d1280.
//
// Solidity: function txSender(bytes raw) view returns(uint256 nonce, uint256 cost, address from)
func (_PreconfSlasher *PreconfSlasherCaller) TxSender(opts *bind.CallOpts, raw []byte) (struct {
	Nonce *big.Int
	Cost  *big.Int
	From  common.Address
}, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "txSender", raw)

	outstruct := new(struct {
		Nonce *big.Int
		Cost  *big.Int
		From  common.Address
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Nonce = *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)
	outstruct.Cost = *abi.ConvertType(out[1], new(*big.Int)).(**big.Int)
	outstruct.From = *abi.ConvertType(out[2], new(common.Address)).(*common.Address)

	return *outstruct, err

}

// TxSender is a free data retrieval call binding the contract method 0xdf3d1280.
//
// Solidity: function txSender(bytes raw) view returns(uint256 nonce, uint256 cost, address from)
func (_PreconfSlasher *PreconfSlasherSession) TxSender(raw []byte) (struct {
	Nonce *big.Int
	Cost  *big.Int
	From  common.Address
}, error) {
	return _PreconfSlasher.Contract.TxSender(&_PreconfSlasher.CallOpts, raw)
}

// TxSender is a free data retrieval call binding the contract method 0xdf3d1280.
//
// Solidity: function txSender(bytes raw) view returns(uint256 nonce, uint256 cost, address from)
func (_PreconfSlasher *PreconfSlasherCallerSession) TxSender(raw []byte) (struct {
	Nonce *big.Int
	Cost  *big.Int
	From  common.Address
}, error) {
	return _PreconfSlasher.Contract.TxSender(&_PreconfSlasher.CallOpts, raw)
}

// Verify is a free data retrieval call binding the contract method 0x5c232210.
//
// Solidity: function verify((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes signature) view returns(bytes32 d, address owner)
func (_PreconfSlasher *PreconfSlasherCaller) Verify(opts *bind.CallOpts, c PreconfSlasherInclusionCommitment, signature []byte) (struct {
	D     [32]byte
	Owner common.Address
}, error) {
	var out []interface{}
	err := _PreconfSlasher.contract.Call(opts, &out, "verify", c, signature)

	outstruct := new(struct {
		D     [32]byte
		Owner common.Address
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.D = *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	outstruct.Owner = *abi.ConvertType(out[1], new(common.Address)).(*common.Address)

	return *outstruct, err

}

// Verify is a free data retrieval call binding the contract method 0x5c232210.
//
// Solidity: function verify((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes signature) view returns(bytes32 d, address owner)
func (_PreconfSlasher *PreconfSlasherSession) Verify(c PreconfSlasherInclusionCommitment, signature []byte) (struct {
	D     [32]byte
	Owner common.Address
}, error) {
	return _PreconfSlasher.Contract.Verify(&_PreconfSlasher.CallOpts, c, signature)
}

// Verify is a free data retrieval call binding the contract method 0x5c232210.
//
// Solidity: function verify((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes signature) view returns(bytes32 d, address owner)
func (_PreconfSlasher *PreconfSlasherCallerSession) Verify(c PreconfSlasherInclusionCommitment, signature []byte) (struct {
	D     [32]byte
	Owner common.Address
}, error) {
	return _PreconfSlasher.Contract.Verify(&_PreconfSlasher.CallOpts, c, signature)
}

// Claim is a paid mutator transaction binding the contract method 0x4e71d92d.
//
// Solidity: function claim() returns()
func (_PreconfSlasher *PreconfSlasherTransactor) Claim(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "claim")
}

// Claim is a paid mutator transaction binding the contract method 0x4e71d92d.
//
// Solidity: function claim() returns()
func (_PreconfSlasher *PreconfSlasherSession) Claim() (*types.Transaction, error) {
	return _PreconfSlasher.Contract.Claim(&_PreconfSlasher.TransactOpts)
}

// Claim is a paid mutator transaction binding the contract method 0x4e71d92d.
//
// Solidity: function claim() returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) Claim() (*types.Transaction, error) {
	return _PreconfSlasher.Contract.Claim(&_PreconfSlasher.TransactOpts)
}

// DefendBalance is a paid mutator transaction binding the contract method 0x84547789.
//
// Solidity: function defendBalance((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes parentHeader, bytes[] accountProof, bytes rawTx) returns()
func (_PreconfSlasher *PreconfSlasherTransactor) DefendBalance(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment, header []byte, parentHeader []byte, accountProof [][]byte, rawTx []byte) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "defendBalance", c, header, parentHeader, accountProof, rawTx)
}

// DefendBalance is a paid mutator transaction binding the contract method 0x84547789.
//
// Solidity: function defendBalance((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes parentHeader, bytes[] accountProof, bytes rawTx) returns()
func (_PreconfSlasher *PreconfSlasherSession) DefendBalance(c PreconfSlasherInclusionCommitment, header []byte, parentHeader []byte, accountProof [][]byte, rawTx []byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendBalance(&_PreconfSlasher.TransactOpts, c, header, parentHeader, accountProof, rawTx)
}

// DefendBalance is a paid mutator transaction binding the contract method 0x84547789.
//
// Solidity: function defendBalance((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes parentHeader, bytes[] accountProof, bytes rawTx) returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) DefendBalance(c PreconfSlasherInclusionCommitment, header []byte, parentHeader []byte, accountProof [][]byte, rawTx []byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendBalance(&_PreconfSlasher.TransactOpts, c, header, parentHeader, accountProof, rawTx)
}

// DefendBalanceRun is a paid mutator transaction binding the contract method 0x75a50eec.
//
// Solidity: function defendBalanceRun((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes parentHeader, bytes[] accountProof, bytes rawTx, ((uint64,uint256,bytes32,address,uint64,address,uint64,uint256),bytes,bytes)[] earlier) returns()
func (_PreconfSlasher *PreconfSlasherTransactor) DefendBalanceRun(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment, header []byte, parentHeader []byte, accountProof [][]byte, rawTx []byte, earlier []PreconfSlasherPromised) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "defendBalanceRun", c, header, parentHeader, accountProof, rawTx, earlier)
}

// DefendBalanceRun is a paid mutator transaction binding the contract method 0x75a50eec.
//
// Solidity: function defendBalanceRun((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes parentHeader, bytes[] accountProof, bytes rawTx, ((uint64,uint256,bytes32,address,uint64,address,uint64,uint256),bytes,bytes)[] earlier) returns()
func (_PreconfSlasher *PreconfSlasherSession) DefendBalanceRun(c PreconfSlasherInclusionCommitment, header []byte, parentHeader []byte, accountProof [][]byte, rawTx []byte, earlier []PreconfSlasherPromised) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendBalanceRun(&_PreconfSlasher.TransactOpts, c, header, parentHeader, accountProof, rawTx, earlier)
}

// DefendBalanceRun is a paid mutator transaction binding the contract method 0x75a50eec.
//
// Solidity: function defendBalanceRun((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes parentHeader, bytes[] accountProof, bytes rawTx, ((uint64,uint256,bytes32,address,uint64,address,uint64,uint256),bytes,bytes)[] earlier) returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) DefendBalanceRun(c PreconfSlasherInclusionCommitment, header []byte, parentHeader []byte, accountProof [][]byte, rawTx []byte, earlier []PreconfSlasherPromised) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendBalanceRun(&_PreconfSlasher.TransactOpts, c, header, parentHeader, accountProof, rawTx, earlier)
}

// DefendL1 is a paid mutator transaction binding the contract method 0xa1a021f4.
//
// Solidity: function defendL1((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, uint256 txIndex, bytes[] proof) returns()
func (_PreconfSlasher *PreconfSlasherTransactor) DefendL1(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment, header []byte, txIndex *big.Int, proof [][]byte) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "defendL1", c, header, txIndex, proof)
}

// DefendL1 is a paid mutator transaction binding the contract method 0xa1a021f4.
//
// Solidity: function defendL1((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, uint256 txIndex, bytes[] proof) returns()
func (_PreconfSlasher *PreconfSlasherSession) DefendL1(c PreconfSlasherInclusionCommitment, header []byte, txIndex *big.Int, proof [][]byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendL1(&_PreconfSlasher.TransactOpts, c, header, txIndex, proof)
}

// DefendL1 is a paid mutator transaction binding the contract method 0xa1a021f4.
//
// Solidity: function defendL1((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, uint256 txIndex, bytes[] proof) returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) DefendL1(c PreconfSlasherInclusionCommitment, header []byte, txIndex *big.Int, proof [][]byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendL1(&_PreconfSlasher.TransactOpts, c, header, txIndex, proof)
}

// DefendL2 is a paid mutator transaction binding the contract method 0x4847d453.
//
// Solidity: function defendL2((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, (uint256,bytes32,uint32,bytes32)[] headers, uint256 index, bytes32[] proof) returns()
func (_PreconfSlasher *PreconfSlasherTransactor) DefendL2(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment, headers []RollupInboxBlockHeader, index *big.Int, proof [][32]byte) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "defendL2", c, headers, index, proof)
}

// DefendL2 is a paid mutator transaction binding the contract method 0x4847d453.
//
// Solidity: function defendL2((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, (uint256,bytes32,uint32,bytes32)[] headers, uint256 index, bytes32[] proof) returns()
func (_PreconfSlasher *PreconfSlasherSession) DefendL2(c PreconfSlasherInclusionCommitment, headers []RollupInboxBlockHeader, index *big.Int, proof [][32]byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendL2(&_PreconfSlasher.TransactOpts, c, headers, index, proof)
}

// DefendL2 is a paid mutator transaction binding the contract method 0x4847d453.
//
// Solidity: function defendL2((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, (uint256,bytes32,uint32,bytes32)[] headers, uint256 index, bytes32[] proof) returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) DefendL2(c PreconfSlasherInclusionCommitment, headers []RollupInboxBlockHeader, index *big.Int, proof [][32]byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendL2(&_PreconfSlasher.TransactOpts, c, headers, index, proof)
}

// DefendVoid is a paid mutator transaction binding the contract method 0xbe85fd95.
//
// Solidity: function defendVoid((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes[] accountProof) returns()
func (_PreconfSlasher *PreconfSlasherTransactor) DefendVoid(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment, header []byte, accountProof [][]byte) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "defendVoid", c, header, accountProof)
}

// DefendVoid is a paid mutator transaction binding the contract method 0xbe85fd95.
//
// Solidity: function defendVoid((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes[] accountProof) returns()
func (_PreconfSlasher *PreconfSlasherSession) DefendVoid(c PreconfSlasherInclusionCommitment, header []byte, accountProof [][]byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendVoid(&_PreconfSlasher.TransactOpts, c, header, accountProof)
}

// DefendVoid is a paid mutator transaction binding the contract method 0xbe85fd95.
//
// Solidity: function defendVoid((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes header, bytes[] accountProof) returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) DefendVoid(c PreconfSlasherInclusionCommitment, header []byte, accountProof [][]byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.DefendVoid(&_PreconfSlasher.TransactOpts, c, header, accountProof)
}

// OpenChallenge is a paid mutator transaction binding the contract method 0x2d614351.
//
// Solidity: function openChallenge((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes signature) payable returns(bytes32)
func (_PreconfSlasher *PreconfSlasherTransactor) OpenChallenge(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment, signature []byte) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "openChallenge", c, signature)
}

// OpenChallenge is a paid mutator transaction binding the contract method 0x2d614351.
//
// Solidity: function openChallenge((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes signature) payable returns(bytes32)
func (_PreconfSlasher *PreconfSlasherSession) OpenChallenge(c PreconfSlasherInclusionCommitment, signature []byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.OpenChallenge(&_PreconfSlasher.TransactOpts, c, signature)
}

// OpenChallenge is a paid mutator transaction binding the contract method 0x2d614351.
//
// Solidity: function openChallenge((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c, bytes signature) payable returns(bytes32)
func (_PreconfSlasher *PreconfSlasherTransactorSession) OpenChallenge(c PreconfSlasherInclusionCommitment, signature []byte) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.OpenChallenge(&_PreconfSlasher.TransactOpts, c, signature)
}

// Slash is a paid mutator transaction binding the contract method 0x40d286d4.
//
// Solidity: function slash((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c) returns()
func (_PreconfSlasher *PreconfSlasherTransactor) Slash(opts *bind.TransactOpts, c PreconfSlasherInclusionCommitment) (*types.Transaction, error) {
	return _PreconfSlasher.contract.Transact(opts, "slash", c)
}

// Slash is a paid mutator transaction binding the contract method 0x40d286d4.
//
// Solidity: function slash((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c) returns()
func (_PreconfSlasher *PreconfSlasherSession) Slash(c PreconfSlasherInclusionCommitment) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.Slash(&_PreconfSlasher.TransactOpts, c)
}

// Slash is a paid mutator transaction binding the contract method 0x40d286d4.
//
// Solidity: function slash((uint64,uint256,bytes32,address,uint64,address,uint64,uint256) c) returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) Slash(c PreconfSlasherInclusionCommitment) (*types.Transaction, error) {
	return _PreconfSlasher.Contract.Slash(&_PreconfSlasher.TransactOpts, c)
}

// Receive is a paid mutator transaction binding the contract receive function.
//
// Solidity: receive() payable returns()
func (_PreconfSlasher *PreconfSlasherTransactor) Receive(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _PreconfSlasher.contract.RawTransact(opts, nil) // calldata is disallowed for receive function
}

// Receive is a paid mutator transaction binding the contract receive function.
//
// Solidity: receive() payable returns()
func (_PreconfSlasher *PreconfSlasherSession) Receive() (*types.Transaction, error) {
	return _PreconfSlasher.Contract.Receive(&_PreconfSlasher.TransactOpts)
}

// Receive is a paid mutator transaction binding the contract receive function.
//
// Solidity: receive() payable returns()
func (_PreconfSlasher *PreconfSlasherTransactorSession) Receive() (*types.Transaction, error) {
	return _PreconfSlasher.Contract.Receive(&_PreconfSlasher.TransactOpts)
}

// PreconfSlasherChallengeDefendedIterator is returned from FilterChallengeDefended and is used to iterate over the raw logs and unpacked data for ChallengeDefended events raised by the PreconfSlasher contract.
type PreconfSlasherChallengeDefendedIterator struct {
	Event *PreconfSlasherChallengeDefended // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *PreconfSlasherChallengeDefendedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(PreconfSlasherChallengeDefended)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(PreconfSlasherChallengeDefended)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *PreconfSlasherChallengeDefendedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *PreconfSlasherChallengeDefendedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// PreconfSlasherChallengeDefended represents a ChallengeDefended event raised by the PreconfSlasher contract.
type PreconfSlasherChallengeDefended struct {
	Digest  [32]byte
	Owner   common.Address
	Defence uint8
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterChallengeDefended is a free log retrieval operation binding the contract event 0x0ae5a87c60af0efff448d6833fb3347014ae60b0e5a8e9f7b328d0142ce0cb16.
//
// Solidity: event ChallengeDefended(bytes32 indexed digest, address indexed owner, uint8 defence)
func (_PreconfSlasher *PreconfSlasherFilterer) FilterChallengeDefended(opts *bind.FilterOpts, digest [][32]byte, owner []common.Address) (*PreconfSlasherChallengeDefendedIterator, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _PreconfSlasher.contract.FilterLogs(opts, "ChallengeDefended", digestRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherChallengeDefendedIterator{contract: _PreconfSlasher.contract, event: "ChallengeDefended", logs: logs, sub: sub}, nil
}

// WatchChallengeDefended is a free log subscription operation binding the contract event 0x0ae5a87c60af0efff448d6833fb3347014ae60b0e5a8e9f7b328d0142ce0cb16.
//
// Solidity: event ChallengeDefended(bytes32 indexed digest, address indexed owner, uint8 defence)
func (_PreconfSlasher *PreconfSlasherFilterer) WatchChallengeDefended(opts *bind.WatchOpts, sink chan<- *PreconfSlasherChallengeDefended, digest [][32]byte, owner []common.Address) (event.Subscription, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _PreconfSlasher.contract.WatchLogs(opts, "ChallengeDefended", digestRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(PreconfSlasherChallengeDefended)
				if err := _PreconfSlasher.contract.UnpackLog(event, "ChallengeDefended", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseChallengeDefended is a log parse operation binding the contract event 0x0ae5a87c60af0efff448d6833fb3347014ae60b0e5a8e9f7b328d0142ce0cb16.
//
// Solidity: event ChallengeDefended(bytes32 indexed digest, address indexed owner, uint8 defence)
func (_PreconfSlasher *PreconfSlasherFilterer) ParseChallengeDefended(log types.Log) (*PreconfSlasherChallengeDefended, error) {
	event := new(PreconfSlasherChallengeDefended)
	if err := _PreconfSlasher.contract.UnpackLog(event, "ChallengeDefended", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// PreconfSlasherChallengeOpenedIterator is returned from FilterChallengeOpened and is used to iterate over the raw logs and unpacked data for ChallengeOpened events raised by the PreconfSlasher contract.
type PreconfSlasherChallengeOpenedIterator struct {
	Event *PreconfSlasherChallengeOpened // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *PreconfSlasherChallengeOpenedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(PreconfSlasherChallengeOpened)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(PreconfSlasherChallengeOpened)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *PreconfSlasherChallengeOpenedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *PreconfSlasherChallengeOpenedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// PreconfSlasherChallengeOpened represents a ChallengeOpened event raised by the PreconfSlasher contract.
type PreconfSlasherChallengeOpened struct {
	Digest     [32]byte
	Owner      common.Address
	Challenger common.Address
	Slot       uint64
	Missed     bool
	Raw        types.Log // Blockchain specific contextual infos
}

// FilterChallengeOpened is a free log retrieval operation binding the contract event 0x21c8343595230560cea0ef9e611b0a0fc25694dd4edd6ff2cb5036d933bcd236.
//
// Solidity: event ChallengeOpened(bytes32 indexed digest, address indexed owner, address challenger, uint64 slot, bool missed)
func (_PreconfSlasher *PreconfSlasherFilterer) FilterChallengeOpened(opts *bind.FilterOpts, digest [][32]byte, owner []common.Address) (*PreconfSlasherChallengeOpenedIterator, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _PreconfSlasher.contract.FilterLogs(opts, "ChallengeOpened", digestRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherChallengeOpenedIterator{contract: _PreconfSlasher.contract, event: "ChallengeOpened", logs: logs, sub: sub}, nil
}

// WatchChallengeOpened is a free log subscription operation binding the contract event 0x21c8343595230560cea0ef9e611b0a0fc25694dd4edd6ff2cb5036d933bcd236.
//
// Solidity: event ChallengeOpened(bytes32 indexed digest, address indexed owner, address challenger, uint64 slot, bool missed)
func (_PreconfSlasher *PreconfSlasherFilterer) WatchChallengeOpened(opts *bind.WatchOpts, sink chan<- *PreconfSlasherChallengeOpened, digest [][32]byte, owner []common.Address) (event.Subscription, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _PreconfSlasher.contract.WatchLogs(opts, "ChallengeOpened", digestRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(PreconfSlasherChallengeOpened)
				if err := _PreconfSlasher.contract.UnpackLog(event, "ChallengeOpened", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseChallengeOpened is a log parse operation binding the contract event 0x21c8343595230560cea0ef9e611b0a0fc25694dd4edd6ff2cb5036d933bcd236.
//
// Solidity: event ChallengeOpened(bytes32 indexed digest, address indexed owner, address challenger, uint64 slot, bool missed)
func (_PreconfSlasher *PreconfSlasherFilterer) ParseChallengeOpened(log types.Log) (*PreconfSlasherChallengeOpened, error) {
	event := new(PreconfSlasherChallengeOpened)
	if err := _PreconfSlasher.contract.UnpackLog(event, "ChallengeOpened", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// PreconfSlasherClaimedIterator is returned from FilterClaimed and is used to iterate over the raw logs and unpacked data for Claimed events raised by the PreconfSlasher contract.
type PreconfSlasherClaimedIterator struct {
	Event *PreconfSlasherClaimed // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *PreconfSlasherClaimedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(PreconfSlasherClaimed)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(PreconfSlasherClaimed)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *PreconfSlasherClaimedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *PreconfSlasherClaimedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// PreconfSlasherClaimed represents a Claimed event raised by the PreconfSlasher contract.
type PreconfSlasherClaimed struct {
	Account common.Address
	Amount  *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterClaimed is a free log retrieval operation binding the contract event 0xd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a.
//
// Solidity: event Claimed(address indexed account, uint256 amount)
func (_PreconfSlasher *PreconfSlasherFilterer) FilterClaimed(opts *bind.FilterOpts, account []common.Address) (*PreconfSlasherClaimedIterator, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}

	logs, sub, err := _PreconfSlasher.contract.FilterLogs(opts, "Claimed", accountRule)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherClaimedIterator{contract: _PreconfSlasher.contract, event: "Claimed", logs: logs, sub: sub}, nil
}

// WatchClaimed is a free log subscription operation binding the contract event 0xd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a.
//
// Solidity: event Claimed(address indexed account, uint256 amount)
func (_PreconfSlasher *PreconfSlasherFilterer) WatchClaimed(opts *bind.WatchOpts, sink chan<- *PreconfSlasherClaimed, account []common.Address) (event.Subscription, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}

	logs, sub, err := _PreconfSlasher.contract.WatchLogs(opts, "Claimed", accountRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(PreconfSlasherClaimed)
				if err := _PreconfSlasher.contract.UnpackLog(event, "Claimed", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseClaimed is a log parse operation binding the contract event 0xd8138f8a3f377c5259ca548e70e4c2de94f129f5a11036a15b69513cba2b426a.
//
// Solidity: event Claimed(address indexed account, uint256 amount)
func (_PreconfSlasher *PreconfSlasherFilterer) ParseClaimed(log types.Log) (*PreconfSlasherClaimed, error) {
	event := new(PreconfSlasherClaimed)
	if err := _PreconfSlasher.contract.UnpackLog(event, "Claimed", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// PreconfSlasherSlashedIterator is returned from FilterSlashed and is used to iterate over the raw logs and unpacked data for Slashed events raised by the PreconfSlasher contract.
type PreconfSlasherSlashedIterator struct {
	Event *PreconfSlasherSlashed // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *PreconfSlasherSlashedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(PreconfSlasherSlashed)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(PreconfSlasherSlashed)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *PreconfSlasherSlashedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *PreconfSlasherSlashedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// PreconfSlasherSlashed represents a Slashed event raised by the PreconfSlasher contract.
type PreconfSlasherSlashed struct {
	Digest       [32]byte
	Owner        common.Address
	Sender       common.Address
	ToSender     *big.Int
	ToChallenger *big.Int
	Raw          types.Log // Blockchain specific contextual infos
}

// FilterSlashed is a free log retrieval operation binding the contract event 0xd233318aa2d7aa8190db26f6cdf80d3a147be18618f2335b378806b7ee563292.
//
// Solidity: event Slashed(bytes32 indexed digest, address indexed owner, address sender, uint256 toSender, uint256 toChallenger)
func (_PreconfSlasher *PreconfSlasherFilterer) FilterSlashed(opts *bind.FilterOpts, digest [][32]byte, owner []common.Address) (*PreconfSlasherSlashedIterator, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _PreconfSlasher.contract.FilterLogs(opts, "Slashed", digestRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return &PreconfSlasherSlashedIterator{contract: _PreconfSlasher.contract, event: "Slashed", logs: logs, sub: sub}, nil
}

// WatchSlashed is a free log subscription operation binding the contract event 0xd233318aa2d7aa8190db26f6cdf80d3a147be18618f2335b378806b7ee563292.
//
// Solidity: event Slashed(bytes32 indexed digest, address indexed owner, address sender, uint256 toSender, uint256 toChallenger)
func (_PreconfSlasher *PreconfSlasherFilterer) WatchSlashed(opts *bind.WatchOpts, sink chan<- *PreconfSlasherSlashed, digest [][32]byte, owner []common.Address) (event.Subscription, error) {

	var digestRule []interface{}
	for _, digestItem := range digest {
		digestRule = append(digestRule, digestItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _PreconfSlasher.contract.WatchLogs(opts, "Slashed", digestRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(PreconfSlasherSlashed)
				if err := _PreconfSlasher.contract.UnpackLog(event, "Slashed", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseSlashed is a log parse operation binding the contract event 0xd233318aa2d7aa8190db26f6cdf80d3a147be18618f2335b378806b7ee563292.
//
// Solidity: event Slashed(bytes32 indexed digest, address indexed owner, address sender, uint256 toSender, uint256 toChallenger)
func (_PreconfSlasher *PreconfSlasherFilterer) ParseSlashed(log types.Log) (*PreconfSlasherSlashed, error) {
	event := new(PreconfSlasherSlashed)
	if err := _PreconfSlasher.contract.UnpackLog(event, "Slashed", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryMetaData contains all meta data concerning the Registry contract.
var RegistryMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"minCollateral_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"unregistrationDelay_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"deployer\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"deposit\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"freeCollateral\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"lock\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"minCollateral\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"}],\"name\":\"operatorOfCommitter\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"locked\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"unregisterRequestedAt\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"operators\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"unregisterRequestedAt\",\"type\":\"uint64\"},{\"internalType\":\"uint32\",\"name\":\"validators\",\"type\":\"uint32\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"locked\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"}],\"name\":\"ownerOfCommitter\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkeyHash\",\"type\":\"bytes32\"}],\"name\":\"ownerOfValidator\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"}],\"name\":\"popMessage\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"internalType\":\"bytes[]\",\"name\":\"pubkeys\",\"type\":\"bytes[]\"},{\"internalType\":\"bytes[]\",\"name\":\"pops\",\"type\":\"bytes[]\"}],\"name\":\"register\",\"outputs\":[],\"stateMutability\":\"payable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"release\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"requestUnregistration\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"slasher_\",\"type\":\"address\"}],\"name\":\"setSlasher\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"slash\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"slasher\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalDeposited\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSlashed\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalWithdrawn\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"unregistrationDelay\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"validatorsOf\",\"outputs\":[{\"internalType\":\"bytes32[]\",\"name\":\"\",\"type\":\"bytes32[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"withdraw\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"CollateralDeposited\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"CollateralLocked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"CollateralReleased\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"CollateralSlashed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"amount\",\"type\":\"uint256\"}],\"name\":\"CollateralWithdrawn\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"}],\"name\":\"OperatorRegistered\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"releaseAt\",\"type\":\"uint256\"}],\"name\":\"UnregistrationRequested\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"pubkeyHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"pubkey\",\"type\":\"bytes\"}],\"name\":\"ValidatorRegistered\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"AlreadyRegistered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"committer\",\"type\":\"address\"}],\"name\":\"BadCommitter\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BadProofOfPossession\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"keys\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"proofs\",\"type\":\"uint256\"}],\"name\":\"BadPubkeys\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"locked\",\"type\":\"uint256\"}],\"name\":\"CollateralInUse\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"want\",\"type\":\"uint256\"}],\"name\":\"InsufficientCollateral\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotDeployer\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"NotRegistered\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"NotSlasher\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"NotUnregistering\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"SlasherAlreadySet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"now_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"releaseAt\",\"type\":\"uint256\"}],\"name\":\"TooEarly\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"TransferFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"Unregistering\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"pubkeyHash\",\"type\":\"bytes32\"}],\"name\":\"ValidatorTaken\",\"type\":\"error\"}]",
	Bin: "0x60e060405234801561000f575f5ffd5b50604051611dfe380380611dfe83398101604081905261002e91610040565b60809190915260a0523360c052610062565b5f5f60408385031215610051575f5ffd5b505080516020909101519092909150565b60805160a05160c051611d4f6100af5f395f81816104c60152610f1c01525f818161033401528181610ca101526110cb01525f81816104530152818161075701526107920152611d4f5ff3fe608060405260043610610131575f3560e01c806397a2ea27116100a8578063c46a0fe31161006d578063c46a0fe314610475578063d031fbeb146104a1578063d5f39488146104b5578063f340fa01146104e8578063f82e9c44146104fb578063ff50abdc1461052f575f5ffd5b806397a2ea2714610356578063a201bbdd146103f0578063aabc249614610405578063b134427114610424578063ba2de9bc14610442575f5ffd5b806329fd9747116100f957806329fd9747146102635780633ccfd60b1461028257806347602747146102965780634b319713146102e25780634b8c1e93146102f757806379cd6e1e14610323575f5ffd5b806302fb4d85146101355780630357371d1461015657806311d52d9c1461017557806313e7c9d814610188578063282d3fdf14610236575b5f5ffd5b348015610140575f5ffd5b5061015461014f36600461190e565b610544565b005b348015610161575f5ffd5b5061015461017036600461190e565b61067b565b61015461018336600461197d565b610717565b348015610193575f5ffd5b506101ec6101a23660046119fb565b600160208190525f91825260409091208054918101546002909101546001600160a01b03831692600160a01b81046001600160401b031692600160e01b90910463ffffffff169185565b604080516001600160a01b0390961686526001600160401b03909416602086015263ffffffff909216928401929092526060830191909152608082015260a0015b60405180910390f35b348015610241575f5ffd5b5061025561025036600461190e565b610b11565b60405190815260200161022d565b34801561026e575f5ffd5b5061025561027d3660046119fb565b610bdb565b34801561028d575f5ffd5b50610154610c2c565b3480156102a1575f5ffd5b506102ca6102b03660046119fb565b60026020525f90815260409020546001600160a01b031681565b6040516001600160a01b03909116815260200161022d565b3480156102ed575f5ffd5b5061025560075481565b348015610302575f5ffd5b50610316610311366004611a14565b610ea5565b60405161022d9190611a45565b34801561032e575f5ffd5b506102557f000000000000000000000000000000000000000000000000000000000000000081565b348015610361575f5ffd5b506103bd6103703660046119fb565b6001600160a01b039081165f90815260026020818152604080842054909416808452600191829052939092209182015490820154915492939092600160a01b90046001600160401b031690565b604080516001600160a01b0390951685526020850193909352918301526001600160401b0316606082015260800161022d565b3480156103fb575f5ffd5b5061025560065481565b348015610410575f5ffd5b5061015461041f3660046119fb565b610f11565b34801561042f575f5ffd5b505f546102ca906001600160a01b031681565b34801561044d575f5ffd5b506102557f000000000000000000000000000000000000000000000000000000000000000081565b348015610480575f5ffd5b5061049461048f3660046119fb565b610fa4565b60405161022d9190611a7a565b3480156104ac575f5ffd5b5061015461100d565b3480156104c0575f5ffd5b506102ca7f000000000000000000000000000000000000000000000000000000000000000081565b6101546104f63660046119fb565b611104565b348015610506575f5ffd5b506102ca610515366004611abc565b60036020525f90815260409020546001600160a01b031681565b34801561053a575f5ffd5b5061025560055481565b5f546001600160a01b0316331461056e5760405163dabc4ad960e01b815260040160405180910390fd5b6001600160a01b0382165f9081526001602052604081206002810180549192849261059a908490611ae7565b9250508190555081816001015f8282546105b49190611ae7565b925050819055508160065f8282546105cc9190611afa565b90915550506040518281526001600160a01b038416907f5138f522ae83cccdefee151fa33feeb62b6bbe619fdeb8f83cd1c6c3f8bdf9219060200160405180910390a26040515f90339084908381818185875af1925050503d805f811461064e576040519150601f19603f3d011682016040523d82523d5f602084013e610653565b606091505b5050905080610675576040516312171d8360e31b815260040160405180910390fd5b50505050565b5f546001600160a01b031633146106a55760405163dabc4ad960e01b815260040160405180910390fd5b6001600160a01b0382165f90815260016020526040812060020180548392906106cf908490611ae7565b90915550506040518181526001600160a01b038316907f15192ee5c95e01de0681c61d6cbfa4b8d1e4c160294017332eb7d6e5c4ea38b7906020015b60405180910390a25050565b335f90815260016020526040902080546001600160a01b031615610755576040516345ed80e960e01b81523360048201526024015b60405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000003410156107be57604051632c1f8ef160e21b81523460048201527f0000000000000000000000000000000000000000000000000000000000000000602482015260440161074c565b6001600160a01b03861615806107ec57506001600160a01b038681165f908152600260205260409020541615155b1561081557604051633cac04fd60e11b81526001600160a01b038716600482015260240161074c565b8315806108225750838214155b1561084a57604051630e7941d360e11b8152600481018590526024810183905260440161074c565b5f6108553388610ea5565b90505f5b85811015610a5b575f87878381811061087457610874611b0d565b90506020028101906108869190611b21565b604051610894929190611b63565b60408051918290039091205f818152600360205291909120549091506001600160a01b0316156108da57604051636149ffaf60e01b81526004810182905260240161074c565b6109958888848181106108ef576108ef611b0d565b90506020028101906109019190611b21565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152508792508a91508990508681811061094a5761094a611b0d565b905060200281019061095c9190611b21565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152506111ef92505050565b6109b5576040516389c8b52b60e01b81526004810183905260240161074c565b5f81815260036020908152604080832080546001600160a01b03191633908117909155808452600483529083208054600181018255908452919092200182905581907ff150d36048f54e083b93ff32409dd11b9bb09c3c500e8a89d38f0d7f32ca16e68a8a86818110610a2a57610a2a611b0d565b9050602002810190610a3c9190611b21565b604051610a4a929190611b72565b60405180910390a350600101610859565b5081546001600160a01b03881667ffffffffffffffff60a01b9091168117600160e01b63ffffffff88160217835534600184018190555f9182526002602052604082208054336001600160a01b03199091161790556005805491929091610ac3908490611afa565b90915550506040513481526001600160a01b0388169033907fdcb4af7d57cc106724f816a55242fbe9d45d800af6a574cb2814d7adf23e49409060200160405180910390a350505050505050565b5f80546001600160a01b03163314610b3c5760405163dabc4ad960e01b815260040160405180910390fd5b6001600160a01b0383165f9081526001602081905260408220600281015491810154909291610b6a91611ae7565b9050808410610b795780610b7b565b835b925082826002015f828254610b909190611afa565b90915550506040518381526001600160a01b038616907f2251f6a4ed7fe619e9e8ce557d05a63dd484284f9c95c9ab334f6a7707cd08009060200160405180910390a2505092915050565b6001600160a01b0381165f9081526001602052604081208054600160a01b90046001600160401b031615610c1157505f92915050565b80600201548160010154610c259190611ae7565b9392505050565b335f90815260016020526040902080546001600160a01b0316610c645760405163bfc6c33760e01b815233600482015260240161074c565b8054600160a01b90046001600160401b03165f03610c9757604051633c23f83f60e21b815233600482015260240161074c565b80545f90610cd6907f000000000000000000000000000000000000000000000000000000000000000090600160a01b90046001600160401b0316611afa565b905080421015610d025760405163e58369d160e01b81524260048201526024810182905260440161074c565b600282015415610d2d578160020154604051632ad1591d60e11b815260040161074c91815260200190565b600182015482546001600160a01b03165f90815260026020908152604080832080546001600160a01b031916905533835260049091528120905b8154811015610db55760035f838381548110610d8557610d85611b0d565b5f9182526020808320909101548352820192909252604001902080546001600160a01b0319169055600101610d67565b50335f908152600460205260408120610dcd916118bd565b335f908152600160208190526040822082815590810182905560020181905560078054849290610dfe908490611afa565b909155505060405182815233907fc30fcfbcaac9e0deffa719714eaa82396ff506a0d0d0eebe170830177288715d9060200160405180910390a26040515f90339084908381818185875af1925050503d805f8114610e77576040519150601f19603f3d011682016040523d82523d5f602084013e610e7c565b606091505b5050905080610e9e576040516312171d8360e31b815260040160405180910390fd5b5050505050565b60408051713130b9b2b216b932b3b4b9ba3930ba34b7b760711b60208201524660328201526bffffffffffffffffffffffff1930606090811b8216605284015285811b8216606684015284901b16607a8201528151606e818303018152608e9091019091525b92915050565b336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614610f5a57604051638b906c9760e01b815260040160405180910390fd5b5f546001600160a01b031615610f8357604051634d5654df60e11b815260040160405180910390fd5b5f80546001600160a01b0319166001600160a01b0392909216919091179055565b6001600160a01b0381165f9081526004602090815260409182902080548351818402810184019094528084526060939283018282801561100157602002820191905f5260205f20905b815481526020019060010190808311610fed575b50505050509050919050565b335f90815260016020526040902080546001600160a01b03166110455760405163bfc6c33760e01b815233600482015260240161074c565b8054600160a01b90046001600160401b031615611077576040516352e47d5b60e01b815233600482015260240161074c565b80546001600160401b0342908116600160a01b0267ffffffffffffffff60a01b1990921691909117825533907fc8dcd8f5c92013670115248a0e63e35eac9229032edabf5f86683deb0302a494906110f0907f000000000000000000000000000000000000000000000000000000000000000090611afa565b60405190815260200160405180910390a250565b6001600160a01b038082165f90815260016020526040902080549091166111495760405163bfc6c33760e01b81526001600160a01b038316600482015260240161074c565b8054600160a01b90046001600160401b031615611184576040516352e47d5b60e01b81526001600160a01b038316600482015260240161074c565b34816001015f8282546111979190611afa565b925050819055503460055f8282546111af9190611afa565b90915550506040513481526001600160a01b038316907fd7243f6f8212d5188fd054141cf6ea89cfc0d91facb8c3afe2f88a13584801429060200161070b565b5f835160801415806112045750815161010014155b1561121057505f610c25565b60408051608080825260a0820190925290602082018180368337019050508051906020012084805190602001200361124957505f610c25565b5f5f6112548561138d565b9150915081611267575f92505050610c25565b5f86826f17f1d3a73197d7942695638c4fa9ac0f7fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb6f114d1d6855d545a8aa7d76c8cf2e21f27f67816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca8a6040516020016112e59796959493929190611bb7565b60405160208183030381529060405290506060600f6001600160a01b0316826040516113119190611bfb565b5f60405180830381855afa9150503d805f8114611349576040519150601f19603f3d011682016040523d82523d5f602084013e61134e565b606091505b509094509050838015611362575080516020145b801561138157508080602001905181019061137d9190611c06565b6001145b98975050505050505050565b5f60605f61139d8461010061156a565b905060608060116113ae845f6117bd565b6113b98560406117bd565b6040516020016113ca929190611c1d565b60408051601f19818403018152908290526113e491611bfb565b5f60405180830381855afa9150503d805f811461141c576040519150601f19603f3d011682016040523d82523d5f602084013e611421565b606091505b50909550915084611448575f60405180602001604052805f81525094509450505050915091565b60116114558460806117bd565b6114608560c06117bd565b604051602001611471929190611c1d565b60408051601f198184030181529082905261148b91611bfb565b5f60405180830381855afa9150503d805f81146114c3576040519150601f19603f3d011682016040523d82523d5f602084013e6114c8565b606091505b509095509050846114ef575f60405180602001604052805f81525094509450505050915091565b604051600d906115059084908490602001611c1d565b60408051601f198184030181529082905261151f91611bfb565b5f60405180830381855afa9150503d805f8114611557576040519150601f19603f3d011682016040523d82523d5f602084013e61155c565b606091505b509097909650945050505050565b60605f6040518060600160405280602b8152602001611d24602b91396040518060600160405280602b8152602001611d24602b9139516040516020016115b1929190611c39565b60408051808303601f1901815281835260608301825292505f9160029160208201818036833750506040516115f2929150889088905f908890602001611c60565b60408051601f198184030181529082905261160c91611bfb565b602060405180830381855afa158015611627573d5f5f3e3d5ffd5b5050506040513d601f19601f8201168201806040525081019061164a9190611c06565b90505f60028260018560405160200161166593929190611ca6565b60408051601f198184030181529082905261167f91611bfb565b602060405180830381855afa15801561169a573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906116bd9190611c06565b9050806040516020016116d291815260200190565b60408051601f1981840301815291905293505f60206116f287601f611afa565b6116fc9190611cd4565b905060025b8181116117b2576002838518828760405160200161172193929190611ca6565b60408051601f198184030181529082905261173b91611bfb565b602060405180830381855afa158015611756573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906117799190611c06565b9250858360405160200161178e929190611cf3565b604051602081830303815290604052955080806117aa90611d0b565b915050611701565b505050505092915050565b81810160208181015160409283015183519283018490526001838501526060808401949094526080830182905260a08301819052600160f81b60c08401526f1a0111ea397fe69a4b1ba7b6434bacd760c18401527f64774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaab60e184015290915f906005906101010160408051601f198184030181529082905261185c91611bfb565b5f60405180830381855afa9150503d805f8114611894576040519150601f19603f3d011682016040523d82523d5f602084013e611899565b606091505b50945090508080156118ac575083516040145b6118b4575f5ffd5b50505092915050565b5080545f8255905f5260205f20906118d591906118d7565b565b5f5b808211156118ee575f818401556001016118d9565b505050565b80356001600160a01b0381168114611909575f5ffd5b919050565b5f5f6040838503121561191f575f5ffd5b611928836118f3565b946020939093013593505050565b5f5f83601f840112611946575f5ffd5b5081356001600160401b0381111561195c575f5ffd5b6020830191508360208260051b8501011115611976575f5ffd5b9250929050565b5f5f5f5f5f60608688031215611991575f5ffd5b61199a866118f3565b945060208601356001600160401b038111156119b4575f5ffd5b6119c088828901611936565b90955093505060408601356001600160401b038111156119de575f5ffd5b6119ea88828901611936565b969995985093965092949392505050565b5f60208284031215611a0b575f5ffd5b610c25826118f3565b5f5f60408385031215611a25575f5ffd5b611a2e836118f3565b9150611a3c602084016118f3565b90509250929050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b602080825282518282018190525f918401906040840190835b81811015611ab1578351835260209384019390920191600101611a93565b509095945050505050565b5f60208284031215611acc575f5ffd5b5035919050565b634e487b7160e01b5f52601160045260245ffd5b81810381811115610f0b57610f0b611ad3565b80820180821115610f0b57610f0b611ad3565b634e487b7160e01b5f52603260045260245ffd5b5f5f8335601e19843603018112611b36575f5ffd5b8301803591506001600160401b03821115611b4f575f5ffd5b602001915036819003821315611976575f5ffd5b818382375f9101908152919050565b60208152816020820152818360408301375f818301604090810191909152601f909201601f19160101919050565b5f81518060208401855e5f93019283525090919050565b5f611bcb611bc5838b611ba0565b89611ba0565b878152866020820152856040820152846060820152611bed6080820185611ba0565b9a9950505050505050505050565b5f610c258284611ba0565b5f60208284031215611c16575f5ffd5b5051919050565b5f611c31611c2b8386611ba0565b84611ba0565b949350505050565b5f611c448285611ba0565b60f89390931b6001600160f81b03191683525050600101919050565b5f611c74611c6e8389611ba0565b87611ba0565b60f086901b6001600160f01b031916815260f885901b6001600160f81b03191660028201526113816003820185611ba0565b83815260f883901b6001600160f81b03191660208201525f611ccb6021830184611ba0565b95945050505050565b5f82611cee57634e487b7160e01b5f52601260045260245ffd5b500490565b5f611cfe8285611ba0565b9283525050602001919050565b5f60018201611d1c57611d1c611ad3565b506001019056fe424c535f5349475f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f",
}

// RegistryABI is the input ABI used to generate the binding from.
// Deprecated: Use RegistryMetaData.ABI instead.
var RegistryABI = RegistryMetaData.ABI

// RegistryBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use RegistryMetaData.Bin instead.
var RegistryBin = RegistryMetaData.Bin

// DeployRegistry deploys a new Ethereum contract, binding an instance of Registry to it.
func DeployRegistry(auth *bind.TransactOpts, backend bind.ContractBackend, minCollateral_ *big.Int, unregistrationDelay_ *big.Int) (common.Address, *types.Transaction, *Registry, error) {
	parsed, err := RegistryMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(RegistryBin), backend, minCollateral_, unregistrationDelay_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &Registry{RegistryCaller: RegistryCaller{contract: contract}, RegistryTransactor: RegistryTransactor{contract: contract}, RegistryFilterer: RegistryFilterer{contract: contract}}, nil
}

// Registry is an auto generated Go binding around an Ethereum contract.
type Registry struct {
	RegistryCaller     // Read-only binding to the contract
	RegistryTransactor // Write-only binding to the contract
	RegistryFilterer   // Log filterer for contract events
}

// RegistryCaller is an auto generated read-only Go binding around an Ethereum contract.
type RegistryCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RegistryTransactor is an auto generated write-only Go binding around an Ethereum contract.
type RegistryTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RegistryFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type RegistryFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RegistrySession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type RegistrySession struct {
	Contract     *Registry         // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// RegistryCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type RegistryCallerSession struct {
	Contract *RegistryCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts   // Call options to use throughout this session
}

// RegistryTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type RegistryTransactorSession struct {
	Contract     *RegistryTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts   // Transaction auth options to use throughout this session
}

// RegistryRaw is an auto generated low-level Go binding around an Ethereum contract.
type RegistryRaw struct {
	Contract *Registry // Generic contract binding to access the raw methods on
}

// RegistryCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type RegistryCallerRaw struct {
	Contract *RegistryCaller // Generic read-only contract binding to access the raw methods on
}

// RegistryTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type RegistryTransactorRaw struct {
	Contract *RegistryTransactor // Generic write-only contract binding to access the raw methods on
}

// NewRegistry creates a new instance of Registry, bound to a specific deployed contract.
func NewRegistry(address common.Address, backend bind.ContractBackend) (*Registry, error) {
	contract, err := bindRegistry(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &Registry{RegistryCaller: RegistryCaller{contract: contract}, RegistryTransactor: RegistryTransactor{contract: contract}, RegistryFilterer: RegistryFilterer{contract: contract}}, nil
}

// NewRegistryCaller creates a new read-only instance of Registry, bound to a specific deployed contract.
func NewRegistryCaller(address common.Address, caller bind.ContractCaller) (*RegistryCaller, error) {
	contract, err := bindRegistry(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &RegistryCaller{contract: contract}, nil
}

// NewRegistryTransactor creates a new write-only instance of Registry, bound to a specific deployed contract.
func NewRegistryTransactor(address common.Address, transactor bind.ContractTransactor) (*RegistryTransactor, error) {
	contract, err := bindRegistry(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &RegistryTransactor{contract: contract}, nil
}

// NewRegistryFilterer creates a new log filterer instance of Registry, bound to a specific deployed contract.
func NewRegistryFilterer(address common.Address, filterer bind.ContractFilterer) (*RegistryFilterer, error) {
	contract, err := bindRegistry(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &RegistryFilterer{contract: contract}, nil
}

// bindRegistry binds a generic wrapper to an already deployed contract.
func bindRegistry(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := RegistryMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_Registry *RegistryRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _Registry.Contract.RegistryCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_Registry *RegistryRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _Registry.Contract.RegistryTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_Registry *RegistryRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _Registry.Contract.RegistryTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_Registry *RegistryCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _Registry.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_Registry *RegistryTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _Registry.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_Registry *RegistryTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _Registry.Contract.contract.Transact(opts, method, params...)
}

// Deployer is a free data retrieval call binding the contract method 0xd5f39488.
//
// Solidity: function deployer() view returns(address)
func (_Registry *RegistryCaller) Deployer(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "deployer")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Deployer is a free data retrieval call binding the contract method 0xd5f39488.
//
// Solidity: function deployer() view returns(address)
func (_Registry *RegistrySession) Deployer() (common.Address, error) {
	return _Registry.Contract.Deployer(&_Registry.CallOpts)
}

// Deployer is a free data retrieval call binding the contract method 0xd5f39488.
//
// Solidity: function deployer() view returns(address)
func (_Registry *RegistryCallerSession) Deployer() (common.Address, error) {
	return _Registry.Contract.Deployer(&_Registry.CallOpts)
}

// FreeCollateral is a free data retrieval call binding the contract method 0x29fd9747.
//
// Solidity: function freeCollateral(address owner) view returns(uint256)
func (_Registry *RegistryCaller) FreeCollateral(opts *bind.CallOpts, owner common.Address) (*big.Int, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "freeCollateral", owner)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// FreeCollateral is a free data retrieval call binding the contract method 0x29fd9747.
//
// Solidity: function freeCollateral(address owner) view returns(uint256)
func (_Registry *RegistrySession) FreeCollateral(owner common.Address) (*big.Int, error) {
	return _Registry.Contract.FreeCollateral(&_Registry.CallOpts, owner)
}

// FreeCollateral is a free data retrieval call binding the contract method 0x29fd9747.
//
// Solidity: function freeCollateral(address owner) view returns(uint256)
func (_Registry *RegistryCallerSession) FreeCollateral(owner common.Address) (*big.Int, error) {
	return _Registry.Contract.FreeCollateral(&_Registry.CallOpts, owner)
}

// MinCollateral is a free data retrieval call binding the contract method 0xba2de9bc.
//
// Solidity: function minCollateral() view returns(uint256)
func (_Registry *RegistryCaller) MinCollateral(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "minCollateral")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// MinCollateral is a free data retrieval call binding the contract method 0xba2de9bc.
//
// Solidity: function minCollateral() view returns(uint256)
func (_Registry *RegistrySession) MinCollateral() (*big.Int, error) {
	return _Registry.Contract.MinCollateral(&_Registry.CallOpts)
}

// MinCollateral is a free data retrieval call binding the contract method 0xba2de9bc.
//
// Solidity: function minCollateral() view returns(uint256)
func (_Registry *RegistryCallerSession) MinCollateral() (*big.Int, error) {
	return _Registry.Contract.MinCollateral(&_Registry.CallOpts)
}

// OperatorOfCommitter is a free data retrieval call binding the contract method 0x97a2ea27.
//
// Solidity: function operatorOfCommitter(address committer) view returns(address owner, uint256 collateral, uint256 locked, uint64 unregisterRequestedAt)
func (_Registry *RegistryCaller) OperatorOfCommitter(opts *bind.CallOpts, committer common.Address) (struct {
	Owner                 common.Address
	Collateral            *big.Int
	Locked                *big.Int
	UnregisterRequestedAt uint64
}, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "operatorOfCommitter", committer)

	outstruct := new(struct {
		Owner                 common.Address
		Collateral            *big.Int
		Locked                *big.Int
		UnregisterRequestedAt uint64
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Owner = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Collateral = *abi.ConvertType(out[1], new(*big.Int)).(**big.Int)
	outstruct.Locked = *abi.ConvertType(out[2], new(*big.Int)).(**big.Int)
	outstruct.UnregisterRequestedAt = *abi.ConvertType(out[3], new(uint64)).(*uint64)

	return *outstruct, err

}

// OperatorOfCommitter is a free data retrieval call binding the contract method 0x97a2ea27.
//
// Solidity: function operatorOfCommitter(address committer) view returns(address owner, uint256 collateral, uint256 locked, uint64 unregisterRequestedAt)
func (_Registry *RegistrySession) OperatorOfCommitter(committer common.Address) (struct {
	Owner                 common.Address
	Collateral            *big.Int
	Locked                *big.Int
	UnregisterRequestedAt uint64
}, error) {
	return _Registry.Contract.OperatorOfCommitter(&_Registry.CallOpts, committer)
}

// OperatorOfCommitter is a free data retrieval call binding the contract method 0x97a2ea27.
//
// Solidity: function operatorOfCommitter(address committer) view returns(address owner, uint256 collateral, uint256 locked, uint64 unregisterRequestedAt)
func (_Registry *RegistryCallerSession) OperatorOfCommitter(committer common.Address) (struct {
	Owner                 common.Address
	Collateral            *big.Int
	Locked                *big.Int
	UnregisterRequestedAt uint64
}, error) {
	return _Registry.Contract.OperatorOfCommitter(&_Registry.CallOpts, committer)
}

// Operators is a free data retrieval call binding the contract method 0x13e7c9d8.
//
// Solidity: function operators(address owner) view returns(address committer, uint64 unregisterRequestedAt, uint32 validators, uint256 collateral, uint256 locked)
func (_Registry *RegistryCaller) Operators(opts *bind.CallOpts, owner common.Address) (struct {
	Committer             common.Address
	UnregisterRequestedAt uint64
	Validators            uint32
	Collateral            *big.Int
	Locked                *big.Int
}, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "operators", owner)

	outstruct := new(struct {
		Committer             common.Address
		UnregisterRequestedAt uint64
		Validators            uint32
		Collateral            *big.Int
		Locked                *big.Int
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Committer = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.UnregisterRequestedAt = *abi.ConvertType(out[1], new(uint64)).(*uint64)
	outstruct.Validators = *abi.ConvertType(out[2], new(uint32)).(*uint32)
	outstruct.Collateral = *abi.ConvertType(out[3], new(*big.Int)).(**big.Int)
	outstruct.Locked = *abi.ConvertType(out[4], new(*big.Int)).(**big.Int)

	return *outstruct, err

}

// Operators is a free data retrieval call binding the contract method 0x13e7c9d8.
//
// Solidity: function operators(address owner) view returns(address committer, uint64 unregisterRequestedAt, uint32 validators, uint256 collateral, uint256 locked)
func (_Registry *RegistrySession) Operators(owner common.Address) (struct {
	Committer             common.Address
	UnregisterRequestedAt uint64
	Validators            uint32
	Collateral            *big.Int
	Locked                *big.Int
}, error) {
	return _Registry.Contract.Operators(&_Registry.CallOpts, owner)
}

// Operators is a free data retrieval call binding the contract method 0x13e7c9d8.
//
// Solidity: function operators(address owner) view returns(address committer, uint64 unregisterRequestedAt, uint32 validators, uint256 collateral, uint256 locked)
func (_Registry *RegistryCallerSession) Operators(owner common.Address) (struct {
	Committer             common.Address
	UnregisterRequestedAt uint64
	Validators            uint32
	Collateral            *big.Int
	Locked                *big.Int
}, error) {
	return _Registry.Contract.Operators(&_Registry.CallOpts, owner)
}

// OwnerOfCommitter is a free data retrieval call binding the contract method 0x47602747.
//
// Solidity: function ownerOfCommitter(address committer) view returns(address owner)
func (_Registry *RegistryCaller) OwnerOfCommitter(opts *bind.CallOpts, committer common.Address) (common.Address, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "ownerOfCommitter", committer)

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// OwnerOfCommitter is a free data retrieval call binding the contract method 0x47602747.
//
// Solidity: function ownerOfCommitter(address committer) view returns(address owner)
func (_Registry *RegistrySession) OwnerOfCommitter(committer common.Address) (common.Address, error) {
	return _Registry.Contract.OwnerOfCommitter(&_Registry.CallOpts, committer)
}

// OwnerOfCommitter is a free data retrieval call binding the contract method 0x47602747.
//
// Solidity: function ownerOfCommitter(address committer) view returns(address owner)
func (_Registry *RegistryCallerSession) OwnerOfCommitter(committer common.Address) (common.Address, error) {
	return _Registry.Contract.OwnerOfCommitter(&_Registry.CallOpts, committer)
}

// OwnerOfValidator is a free data retrieval call binding the contract method 0xf82e9c44.
//
// Solidity: function ownerOfValidator(bytes32 pubkeyHash) view returns(address owner)
func (_Registry *RegistryCaller) OwnerOfValidator(opts *bind.CallOpts, pubkeyHash [32]byte) (common.Address, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "ownerOfValidator", pubkeyHash)

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// OwnerOfValidator is a free data retrieval call binding the contract method 0xf82e9c44.
//
// Solidity: function ownerOfValidator(bytes32 pubkeyHash) view returns(address owner)
func (_Registry *RegistrySession) OwnerOfValidator(pubkeyHash [32]byte) (common.Address, error) {
	return _Registry.Contract.OwnerOfValidator(&_Registry.CallOpts, pubkeyHash)
}

// OwnerOfValidator is a free data retrieval call binding the contract method 0xf82e9c44.
//
// Solidity: function ownerOfValidator(bytes32 pubkeyHash) view returns(address owner)
func (_Registry *RegistryCallerSession) OwnerOfValidator(pubkeyHash [32]byte) (common.Address, error) {
	return _Registry.Contract.OwnerOfValidator(&_Registry.CallOpts, pubkeyHash)
}

// PopMessage is a free data retrieval call binding the contract method 0x4b8c1e93.
//
// Solidity: function popMessage(address owner, address committer) view returns(bytes)
func (_Registry *RegistryCaller) PopMessage(opts *bind.CallOpts, owner common.Address, committer common.Address) ([]byte, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "popMessage", owner, committer)

	if err != nil {
		return *new([]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)

	return out0, err

}

// PopMessage is a free data retrieval call binding the contract method 0x4b8c1e93.
//
// Solidity: function popMessage(address owner, address committer) view returns(bytes)
func (_Registry *RegistrySession) PopMessage(owner common.Address, committer common.Address) ([]byte, error) {
	return _Registry.Contract.PopMessage(&_Registry.CallOpts, owner, committer)
}

// PopMessage is a free data retrieval call binding the contract method 0x4b8c1e93.
//
// Solidity: function popMessage(address owner, address committer) view returns(bytes)
func (_Registry *RegistryCallerSession) PopMessage(owner common.Address, committer common.Address) ([]byte, error) {
	return _Registry.Contract.PopMessage(&_Registry.CallOpts, owner, committer)
}

// Slasher is a free data retrieval call binding the contract method 0xb1344271.
//
// Solidity: function slasher() view returns(address)
func (_Registry *RegistryCaller) Slasher(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "slasher")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Slasher is a free data retrieval call binding the contract method 0xb1344271.
//
// Solidity: function slasher() view returns(address)
func (_Registry *RegistrySession) Slasher() (common.Address, error) {
	return _Registry.Contract.Slasher(&_Registry.CallOpts)
}

// Slasher is a free data retrieval call binding the contract method 0xb1344271.
//
// Solidity: function slasher() view returns(address)
func (_Registry *RegistryCallerSession) Slasher() (common.Address, error) {
	return _Registry.Contract.Slasher(&_Registry.CallOpts)
}

// TotalDeposited is a free data retrieval call binding the contract method 0xff50abdc.
//
// Solidity: function totalDeposited() view returns(uint256)
func (_Registry *RegistryCaller) TotalDeposited(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "totalDeposited")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TotalDeposited is a free data retrieval call binding the contract method 0xff50abdc.
//
// Solidity: function totalDeposited() view returns(uint256)
func (_Registry *RegistrySession) TotalDeposited() (*big.Int, error) {
	return _Registry.Contract.TotalDeposited(&_Registry.CallOpts)
}

// TotalDeposited is a free data retrieval call binding the contract method 0xff50abdc.
//
// Solidity: function totalDeposited() view returns(uint256)
func (_Registry *RegistryCallerSession) TotalDeposited() (*big.Int, error) {
	return _Registry.Contract.TotalDeposited(&_Registry.CallOpts)
}

// TotalSlashed is a free data retrieval call binding the contract method 0xa201bbdd.
//
// Solidity: function totalSlashed() view returns(uint256)
func (_Registry *RegistryCaller) TotalSlashed(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "totalSlashed")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TotalSlashed is a free data retrieval call binding the contract method 0xa201bbdd.
//
// Solidity: function totalSlashed() view returns(uint256)
func (_Registry *RegistrySession) TotalSlashed() (*big.Int, error) {
	return _Registry.Contract.TotalSlashed(&_Registry.CallOpts)
}

// TotalSlashed is a free data retrieval call binding the contract method 0xa201bbdd.
//
// Solidity: function totalSlashed() view returns(uint256)
func (_Registry *RegistryCallerSession) TotalSlashed() (*big.Int, error) {
	return _Registry.Contract.TotalSlashed(&_Registry.CallOpts)
}

// TotalWithdrawn is a free data retrieval call binding the contract method 0x4b319713.
//
// Solidity: function totalWithdrawn() view returns(uint256)
func (_Registry *RegistryCaller) TotalWithdrawn(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "totalWithdrawn")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TotalWithdrawn is a free data retrieval call binding the contract method 0x4b319713.
//
// Solidity: function totalWithdrawn() view returns(uint256)
func (_Registry *RegistrySession) TotalWithdrawn() (*big.Int, error) {
	return _Registry.Contract.TotalWithdrawn(&_Registry.CallOpts)
}

// TotalWithdrawn is a free data retrieval call binding the contract method 0x4b319713.
//
// Solidity: function totalWithdrawn() view returns(uint256)
func (_Registry *RegistryCallerSession) TotalWithdrawn() (*big.Int, error) {
	return _Registry.Contract.TotalWithdrawn(&_Registry.CallOpts)
}

// UnregistrationDelay is a free data retrieval call binding the contract method 0x79cd6e1e.
//
// Solidity: function unregistrationDelay() view returns(uint256)
func (_Registry *RegistryCaller) UnregistrationDelay(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "unregistrationDelay")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// UnregistrationDelay is a free data retrieval call binding the contract method 0x79cd6e1e.
//
// Solidity: function unregistrationDelay() view returns(uint256)
func (_Registry *RegistrySession) UnregistrationDelay() (*big.Int, error) {
	return _Registry.Contract.UnregistrationDelay(&_Registry.CallOpts)
}

// UnregistrationDelay is a free data retrieval call binding the contract method 0x79cd6e1e.
//
// Solidity: function unregistrationDelay() view returns(uint256)
func (_Registry *RegistryCallerSession) UnregistrationDelay() (*big.Int, error) {
	return _Registry.Contract.UnregistrationDelay(&_Registry.CallOpts)
}

// ValidatorsOf is a free data retrieval call binding the contract method 0xc46a0fe3.
//
// Solidity: function validatorsOf(address owner) view returns(bytes32[])
func (_Registry *RegistryCaller) ValidatorsOf(opts *bind.CallOpts, owner common.Address) ([][32]byte, error) {
	var out []interface{}
	err := _Registry.contract.Call(opts, &out, "validatorsOf", owner)

	if err != nil {
		return *new([][32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([][32]byte)).(*[][32]byte)

	return out0, err

}

// ValidatorsOf is a free data retrieval call binding the contract method 0xc46a0fe3.
//
// Solidity: function validatorsOf(address owner) view returns(bytes32[])
func (_Registry *RegistrySession) ValidatorsOf(owner common.Address) ([][32]byte, error) {
	return _Registry.Contract.ValidatorsOf(&_Registry.CallOpts, owner)
}

// ValidatorsOf is a free data retrieval call binding the contract method 0xc46a0fe3.
//
// Solidity: function validatorsOf(address owner) view returns(bytes32[])
func (_Registry *RegistryCallerSession) ValidatorsOf(owner common.Address) ([][32]byte, error) {
	return _Registry.Contract.ValidatorsOf(&_Registry.CallOpts, owner)
}

// Deposit is a paid mutator transaction binding the contract method 0xf340fa01.
//
// Solidity: function deposit(address owner) payable returns()
func (_Registry *RegistryTransactor) Deposit(opts *bind.TransactOpts, owner common.Address) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "deposit", owner)
}

// Deposit is a paid mutator transaction binding the contract method 0xf340fa01.
//
// Solidity: function deposit(address owner) payable returns()
func (_Registry *RegistrySession) Deposit(owner common.Address) (*types.Transaction, error) {
	return _Registry.Contract.Deposit(&_Registry.TransactOpts, owner)
}

// Deposit is a paid mutator transaction binding the contract method 0xf340fa01.
//
// Solidity: function deposit(address owner) payable returns()
func (_Registry *RegistryTransactorSession) Deposit(owner common.Address) (*types.Transaction, error) {
	return _Registry.Contract.Deposit(&_Registry.TransactOpts, owner)
}

// Lock is a paid mutator transaction binding the contract method 0x282d3fdf.
//
// Solidity: function lock(address owner, uint256 amount) returns(uint256 got)
func (_Registry *RegistryTransactor) Lock(opts *bind.TransactOpts, owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "lock", owner, amount)
}

// Lock is a paid mutator transaction binding the contract method 0x282d3fdf.
//
// Solidity: function lock(address owner, uint256 amount) returns(uint256 got)
func (_Registry *RegistrySession) Lock(owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.Contract.Lock(&_Registry.TransactOpts, owner, amount)
}

// Lock is a paid mutator transaction binding the contract method 0x282d3fdf.
//
// Solidity: function lock(address owner, uint256 amount) returns(uint256 got)
func (_Registry *RegistryTransactorSession) Lock(owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.Contract.Lock(&_Registry.TransactOpts, owner, amount)
}

// Register is a paid mutator transaction binding the contract method 0x11d52d9c.
//
// Solidity: function register(address committer, bytes[] pubkeys, bytes[] pops) payable returns()
func (_Registry *RegistryTransactor) Register(opts *bind.TransactOpts, committer common.Address, pubkeys [][]byte, pops [][]byte) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "register", committer, pubkeys, pops)
}

// Register is a paid mutator transaction binding the contract method 0x11d52d9c.
//
// Solidity: function register(address committer, bytes[] pubkeys, bytes[] pops) payable returns()
func (_Registry *RegistrySession) Register(committer common.Address, pubkeys [][]byte, pops [][]byte) (*types.Transaction, error) {
	return _Registry.Contract.Register(&_Registry.TransactOpts, committer, pubkeys, pops)
}

// Register is a paid mutator transaction binding the contract method 0x11d52d9c.
//
// Solidity: function register(address committer, bytes[] pubkeys, bytes[] pops) payable returns()
func (_Registry *RegistryTransactorSession) Register(committer common.Address, pubkeys [][]byte, pops [][]byte) (*types.Transaction, error) {
	return _Registry.Contract.Register(&_Registry.TransactOpts, committer, pubkeys, pops)
}

// Release is a paid mutator transaction binding the contract method 0x0357371d.
//
// Solidity: function release(address owner, uint256 amount) returns()
func (_Registry *RegistryTransactor) Release(opts *bind.TransactOpts, owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "release", owner, amount)
}

// Release is a paid mutator transaction binding the contract method 0x0357371d.
//
// Solidity: function release(address owner, uint256 amount) returns()
func (_Registry *RegistrySession) Release(owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.Contract.Release(&_Registry.TransactOpts, owner, amount)
}

// Release is a paid mutator transaction binding the contract method 0x0357371d.
//
// Solidity: function release(address owner, uint256 amount) returns()
func (_Registry *RegistryTransactorSession) Release(owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.Contract.Release(&_Registry.TransactOpts, owner, amount)
}

// RequestUnregistration is a paid mutator transaction binding the contract method 0xd031fbeb.
//
// Solidity: function requestUnregistration() returns()
func (_Registry *RegistryTransactor) RequestUnregistration(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "requestUnregistration")
}

// RequestUnregistration is a paid mutator transaction binding the contract method 0xd031fbeb.
//
// Solidity: function requestUnregistration() returns()
func (_Registry *RegistrySession) RequestUnregistration() (*types.Transaction, error) {
	return _Registry.Contract.RequestUnregistration(&_Registry.TransactOpts)
}

// RequestUnregistration is a paid mutator transaction binding the contract method 0xd031fbeb.
//
// Solidity: function requestUnregistration() returns()
func (_Registry *RegistryTransactorSession) RequestUnregistration() (*types.Transaction, error) {
	return _Registry.Contract.RequestUnregistration(&_Registry.TransactOpts)
}

// SetSlasher is a paid mutator transaction binding the contract method 0xaabc2496.
//
// Solidity: function setSlasher(address slasher_) returns()
func (_Registry *RegistryTransactor) SetSlasher(opts *bind.TransactOpts, slasher_ common.Address) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "setSlasher", slasher_)
}

// SetSlasher is a paid mutator transaction binding the contract method 0xaabc2496.
//
// Solidity: function setSlasher(address slasher_) returns()
func (_Registry *RegistrySession) SetSlasher(slasher_ common.Address) (*types.Transaction, error) {
	return _Registry.Contract.SetSlasher(&_Registry.TransactOpts, slasher_)
}

// SetSlasher is a paid mutator transaction binding the contract method 0xaabc2496.
//
// Solidity: function setSlasher(address slasher_) returns()
func (_Registry *RegistryTransactorSession) SetSlasher(slasher_ common.Address) (*types.Transaction, error) {
	return _Registry.Contract.SetSlasher(&_Registry.TransactOpts, slasher_)
}

// Slash is a paid mutator transaction binding the contract method 0x02fb4d85.
//
// Solidity: function slash(address owner, uint256 amount) returns()
func (_Registry *RegistryTransactor) Slash(opts *bind.TransactOpts, owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "slash", owner, amount)
}

// Slash is a paid mutator transaction binding the contract method 0x02fb4d85.
//
// Solidity: function slash(address owner, uint256 amount) returns()
func (_Registry *RegistrySession) Slash(owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.Contract.Slash(&_Registry.TransactOpts, owner, amount)
}

// Slash is a paid mutator transaction binding the contract method 0x02fb4d85.
//
// Solidity: function slash(address owner, uint256 amount) returns()
func (_Registry *RegistryTransactorSession) Slash(owner common.Address, amount *big.Int) (*types.Transaction, error) {
	return _Registry.Contract.Slash(&_Registry.TransactOpts, owner, amount)
}

// Withdraw is a paid mutator transaction binding the contract method 0x3ccfd60b.
//
// Solidity: function withdraw() returns()
func (_Registry *RegistryTransactor) Withdraw(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _Registry.contract.Transact(opts, "withdraw")
}

// Withdraw is a paid mutator transaction binding the contract method 0x3ccfd60b.
//
// Solidity: function withdraw() returns()
func (_Registry *RegistrySession) Withdraw() (*types.Transaction, error) {
	return _Registry.Contract.Withdraw(&_Registry.TransactOpts)
}

// Withdraw is a paid mutator transaction binding the contract method 0x3ccfd60b.
//
// Solidity: function withdraw() returns()
func (_Registry *RegistryTransactorSession) Withdraw() (*types.Transaction, error) {
	return _Registry.Contract.Withdraw(&_Registry.TransactOpts)
}

// RegistryCollateralDepositedIterator is returned from FilterCollateralDeposited and is used to iterate over the raw logs and unpacked data for CollateralDeposited events raised by the Registry contract.
type RegistryCollateralDepositedIterator struct {
	Event *RegistryCollateralDeposited // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryCollateralDepositedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryCollateralDeposited)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryCollateralDeposited)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryCollateralDepositedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryCollateralDepositedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryCollateralDeposited represents a CollateralDeposited event raised by the Registry contract.
type RegistryCollateralDeposited struct {
	Owner  common.Address
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterCollateralDeposited is a free log retrieval operation binding the contract event 0xd7243f6f8212d5188fd054141cf6ea89cfc0d91facb8c3afe2f88a1358480142.
//
// Solidity: event CollateralDeposited(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) FilterCollateralDeposited(opts *bind.FilterOpts, owner []common.Address) (*RegistryCollateralDepositedIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "CollateralDeposited", ownerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryCollateralDepositedIterator{contract: _Registry.contract, event: "CollateralDeposited", logs: logs, sub: sub}, nil
}

// WatchCollateralDeposited is a free log subscription operation binding the contract event 0xd7243f6f8212d5188fd054141cf6ea89cfc0d91facb8c3afe2f88a1358480142.
//
// Solidity: event CollateralDeposited(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) WatchCollateralDeposited(opts *bind.WatchOpts, sink chan<- *RegistryCollateralDeposited, owner []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "CollateralDeposited", ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryCollateralDeposited)
				if err := _Registry.contract.UnpackLog(event, "CollateralDeposited", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseCollateralDeposited is a log parse operation binding the contract event 0xd7243f6f8212d5188fd054141cf6ea89cfc0d91facb8c3afe2f88a1358480142.
//
// Solidity: event CollateralDeposited(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) ParseCollateralDeposited(log types.Log) (*RegistryCollateralDeposited, error) {
	event := new(RegistryCollateralDeposited)
	if err := _Registry.contract.UnpackLog(event, "CollateralDeposited", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryCollateralLockedIterator is returned from FilterCollateralLocked and is used to iterate over the raw logs and unpacked data for CollateralLocked events raised by the Registry contract.
type RegistryCollateralLockedIterator struct {
	Event *RegistryCollateralLocked // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryCollateralLockedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryCollateralLocked)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryCollateralLocked)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryCollateralLockedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryCollateralLockedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryCollateralLocked represents a CollateralLocked event raised by the Registry contract.
type RegistryCollateralLocked struct {
	Owner  common.Address
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterCollateralLocked is a free log retrieval operation binding the contract event 0x2251f6a4ed7fe619e9e8ce557d05a63dd484284f9c95c9ab334f6a7707cd0800.
//
// Solidity: event CollateralLocked(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) FilterCollateralLocked(opts *bind.FilterOpts, owner []common.Address) (*RegistryCollateralLockedIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "CollateralLocked", ownerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryCollateralLockedIterator{contract: _Registry.contract, event: "CollateralLocked", logs: logs, sub: sub}, nil
}

// WatchCollateralLocked is a free log subscription operation binding the contract event 0x2251f6a4ed7fe619e9e8ce557d05a63dd484284f9c95c9ab334f6a7707cd0800.
//
// Solidity: event CollateralLocked(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) WatchCollateralLocked(opts *bind.WatchOpts, sink chan<- *RegistryCollateralLocked, owner []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "CollateralLocked", ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryCollateralLocked)
				if err := _Registry.contract.UnpackLog(event, "CollateralLocked", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseCollateralLocked is a log parse operation binding the contract event 0x2251f6a4ed7fe619e9e8ce557d05a63dd484284f9c95c9ab334f6a7707cd0800.
//
// Solidity: event CollateralLocked(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) ParseCollateralLocked(log types.Log) (*RegistryCollateralLocked, error) {
	event := new(RegistryCollateralLocked)
	if err := _Registry.contract.UnpackLog(event, "CollateralLocked", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryCollateralReleasedIterator is returned from FilterCollateralReleased and is used to iterate over the raw logs and unpacked data for CollateralReleased events raised by the Registry contract.
type RegistryCollateralReleasedIterator struct {
	Event *RegistryCollateralReleased // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryCollateralReleasedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryCollateralReleased)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryCollateralReleased)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryCollateralReleasedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryCollateralReleasedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryCollateralReleased represents a CollateralReleased event raised by the Registry contract.
type RegistryCollateralReleased struct {
	Owner  common.Address
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterCollateralReleased is a free log retrieval operation binding the contract event 0x15192ee5c95e01de0681c61d6cbfa4b8d1e4c160294017332eb7d6e5c4ea38b7.
//
// Solidity: event CollateralReleased(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) FilterCollateralReleased(opts *bind.FilterOpts, owner []common.Address) (*RegistryCollateralReleasedIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "CollateralReleased", ownerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryCollateralReleasedIterator{contract: _Registry.contract, event: "CollateralReleased", logs: logs, sub: sub}, nil
}

// WatchCollateralReleased is a free log subscription operation binding the contract event 0x15192ee5c95e01de0681c61d6cbfa4b8d1e4c160294017332eb7d6e5c4ea38b7.
//
// Solidity: event CollateralReleased(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) WatchCollateralReleased(opts *bind.WatchOpts, sink chan<- *RegistryCollateralReleased, owner []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "CollateralReleased", ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryCollateralReleased)
				if err := _Registry.contract.UnpackLog(event, "CollateralReleased", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseCollateralReleased is a log parse operation binding the contract event 0x15192ee5c95e01de0681c61d6cbfa4b8d1e4c160294017332eb7d6e5c4ea38b7.
//
// Solidity: event CollateralReleased(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) ParseCollateralReleased(log types.Log) (*RegistryCollateralReleased, error) {
	event := new(RegistryCollateralReleased)
	if err := _Registry.contract.UnpackLog(event, "CollateralReleased", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryCollateralSlashedIterator is returned from FilterCollateralSlashed and is used to iterate over the raw logs and unpacked data for CollateralSlashed events raised by the Registry contract.
type RegistryCollateralSlashedIterator struct {
	Event *RegistryCollateralSlashed // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryCollateralSlashedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryCollateralSlashed)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryCollateralSlashed)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryCollateralSlashedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryCollateralSlashedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryCollateralSlashed represents a CollateralSlashed event raised by the Registry contract.
type RegistryCollateralSlashed struct {
	Owner  common.Address
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterCollateralSlashed is a free log retrieval operation binding the contract event 0x5138f522ae83cccdefee151fa33feeb62b6bbe619fdeb8f83cd1c6c3f8bdf921.
//
// Solidity: event CollateralSlashed(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) FilterCollateralSlashed(opts *bind.FilterOpts, owner []common.Address) (*RegistryCollateralSlashedIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "CollateralSlashed", ownerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryCollateralSlashedIterator{contract: _Registry.contract, event: "CollateralSlashed", logs: logs, sub: sub}, nil
}

// WatchCollateralSlashed is a free log subscription operation binding the contract event 0x5138f522ae83cccdefee151fa33feeb62b6bbe619fdeb8f83cd1c6c3f8bdf921.
//
// Solidity: event CollateralSlashed(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) WatchCollateralSlashed(opts *bind.WatchOpts, sink chan<- *RegistryCollateralSlashed, owner []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "CollateralSlashed", ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryCollateralSlashed)
				if err := _Registry.contract.UnpackLog(event, "CollateralSlashed", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseCollateralSlashed is a log parse operation binding the contract event 0x5138f522ae83cccdefee151fa33feeb62b6bbe619fdeb8f83cd1c6c3f8bdf921.
//
// Solidity: event CollateralSlashed(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) ParseCollateralSlashed(log types.Log) (*RegistryCollateralSlashed, error) {
	event := new(RegistryCollateralSlashed)
	if err := _Registry.contract.UnpackLog(event, "CollateralSlashed", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryCollateralWithdrawnIterator is returned from FilterCollateralWithdrawn and is used to iterate over the raw logs and unpacked data for CollateralWithdrawn events raised by the Registry contract.
type RegistryCollateralWithdrawnIterator struct {
	Event *RegistryCollateralWithdrawn // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryCollateralWithdrawnIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryCollateralWithdrawn)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryCollateralWithdrawn)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryCollateralWithdrawnIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryCollateralWithdrawnIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryCollateralWithdrawn represents a CollateralWithdrawn event raised by the Registry contract.
type RegistryCollateralWithdrawn struct {
	Owner  common.Address
	Amount *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterCollateralWithdrawn is a free log retrieval operation binding the contract event 0xc30fcfbcaac9e0deffa719714eaa82396ff506a0d0d0eebe170830177288715d.
//
// Solidity: event CollateralWithdrawn(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) FilterCollateralWithdrawn(opts *bind.FilterOpts, owner []common.Address) (*RegistryCollateralWithdrawnIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "CollateralWithdrawn", ownerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryCollateralWithdrawnIterator{contract: _Registry.contract, event: "CollateralWithdrawn", logs: logs, sub: sub}, nil
}

// WatchCollateralWithdrawn is a free log subscription operation binding the contract event 0xc30fcfbcaac9e0deffa719714eaa82396ff506a0d0d0eebe170830177288715d.
//
// Solidity: event CollateralWithdrawn(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) WatchCollateralWithdrawn(opts *bind.WatchOpts, sink chan<- *RegistryCollateralWithdrawn, owner []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "CollateralWithdrawn", ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryCollateralWithdrawn)
				if err := _Registry.contract.UnpackLog(event, "CollateralWithdrawn", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseCollateralWithdrawn is a log parse operation binding the contract event 0xc30fcfbcaac9e0deffa719714eaa82396ff506a0d0d0eebe170830177288715d.
//
// Solidity: event CollateralWithdrawn(address indexed owner, uint256 amount)
func (_Registry *RegistryFilterer) ParseCollateralWithdrawn(log types.Log) (*RegistryCollateralWithdrawn, error) {
	event := new(RegistryCollateralWithdrawn)
	if err := _Registry.contract.UnpackLog(event, "CollateralWithdrawn", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryOperatorRegisteredIterator is returned from FilterOperatorRegistered and is used to iterate over the raw logs and unpacked data for OperatorRegistered events raised by the Registry contract.
type RegistryOperatorRegisteredIterator struct {
	Event *RegistryOperatorRegistered // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryOperatorRegisteredIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryOperatorRegistered)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryOperatorRegistered)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryOperatorRegisteredIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryOperatorRegisteredIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryOperatorRegistered represents a OperatorRegistered event raised by the Registry contract.
type RegistryOperatorRegistered struct {
	Owner      common.Address
	Committer  common.Address
	Collateral *big.Int
	Raw        types.Log // Blockchain specific contextual infos
}

// FilterOperatorRegistered is a free log retrieval operation binding the contract event 0xdcb4af7d57cc106724f816a55242fbe9d45d800af6a574cb2814d7adf23e4940.
//
// Solidity: event OperatorRegistered(address indexed owner, address indexed committer, uint256 collateral)
func (_Registry *RegistryFilterer) FilterOperatorRegistered(opts *bind.FilterOpts, owner []common.Address, committer []common.Address) (*RegistryOperatorRegisteredIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var committerRule []interface{}
	for _, committerItem := range committer {
		committerRule = append(committerRule, committerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "OperatorRegistered", ownerRule, committerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryOperatorRegisteredIterator{contract: _Registry.contract, event: "OperatorRegistered", logs: logs, sub: sub}, nil
}

// WatchOperatorRegistered is a free log subscription operation binding the contract event 0xdcb4af7d57cc106724f816a55242fbe9d45d800af6a574cb2814d7adf23e4940.
//
// Solidity: event OperatorRegistered(address indexed owner, address indexed committer, uint256 collateral)
func (_Registry *RegistryFilterer) WatchOperatorRegistered(opts *bind.WatchOpts, sink chan<- *RegistryOperatorRegistered, owner []common.Address, committer []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var committerRule []interface{}
	for _, committerItem := range committer {
		committerRule = append(committerRule, committerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "OperatorRegistered", ownerRule, committerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryOperatorRegistered)
				if err := _Registry.contract.UnpackLog(event, "OperatorRegistered", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseOperatorRegistered is a log parse operation binding the contract event 0xdcb4af7d57cc106724f816a55242fbe9d45d800af6a574cb2814d7adf23e4940.
//
// Solidity: event OperatorRegistered(address indexed owner, address indexed committer, uint256 collateral)
func (_Registry *RegistryFilterer) ParseOperatorRegistered(log types.Log) (*RegistryOperatorRegistered, error) {
	event := new(RegistryOperatorRegistered)
	if err := _Registry.contract.UnpackLog(event, "OperatorRegistered", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryUnregistrationRequestedIterator is returned from FilterUnregistrationRequested and is used to iterate over the raw logs and unpacked data for UnregistrationRequested events raised by the Registry contract.
type RegistryUnregistrationRequestedIterator struct {
	Event *RegistryUnregistrationRequested // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryUnregistrationRequestedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryUnregistrationRequested)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryUnregistrationRequested)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryUnregistrationRequestedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryUnregistrationRequestedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryUnregistrationRequested represents a UnregistrationRequested event raised by the Registry contract.
type RegistryUnregistrationRequested struct {
	Owner     common.Address
	ReleaseAt *big.Int
	Raw       types.Log // Blockchain specific contextual infos
}

// FilterUnregistrationRequested is a free log retrieval operation binding the contract event 0xc8dcd8f5c92013670115248a0e63e35eac9229032edabf5f86683deb0302a494.
//
// Solidity: event UnregistrationRequested(address indexed owner, uint256 releaseAt)
func (_Registry *RegistryFilterer) FilterUnregistrationRequested(opts *bind.FilterOpts, owner []common.Address) (*RegistryUnregistrationRequestedIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "UnregistrationRequested", ownerRule)
	if err != nil {
		return nil, err
	}
	return &RegistryUnregistrationRequestedIterator{contract: _Registry.contract, event: "UnregistrationRequested", logs: logs, sub: sub}, nil
}

// WatchUnregistrationRequested is a free log subscription operation binding the contract event 0xc8dcd8f5c92013670115248a0e63e35eac9229032edabf5f86683deb0302a494.
//
// Solidity: event UnregistrationRequested(address indexed owner, uint256 releaseAt)
func (_Registry *RegistryFilterer) WatchUnregistrationRequested(opts *bind.WatchOpts, sink chan<- *RegistryUnregistrationRequested, owner []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "UnregistrationRequested", ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryUnregistrationRequested)
				if err := _Registry.contract.UnpackLog(event, "UnregistrationRequested", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseUnregistrationRequested is a log parse operation binding the contract event 0xc8dcd8f5c92013670115248a0e63e35eac9229032edabf5f86683deb0302a494.
//
// Solidity: event UnregistrationRequested(address indexed owner, uint256 releaseAt)
func (_Registry *RegistryFilterer) ParseUnregistrationRequested(log types.Log) (*RegistryUnregistrationRequested, error) {
	event := new(RegistryUnregistrationRequested)
	if err := _Registry.contract.UnpackLog(event, "UnregistrationRequested", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RegistryValidatorRegisteredIterator is returned from FilterValidatorRegistered and is used to iterate over the raw logs and unpacked data for ValidatorRegistered events raised by the Registry contract.
type RegistryValidatorRegisteredIterator struct {
	Event *RegistryValidatorRegistered // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RegistryValidatorRegisteredIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RegistryValidatorRegistered)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RegistryValidatorRegistered)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RegistryValidatorRegisteredIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RegistryValidatorRegisteredIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RegistryValidatorRegistered represents a ValidatorRegistered event raised by the Registry contract.
type RegistryValidatorRegistered struct {
	Owner      common.Address
	PubkeyHash [32]byte
	Pubkey     []byte
	Raw        types.Log // Blockchain specific contextual infos
}

// FilterValidatorRegistered is a free log retrieval operation binding the contract event 0xf150d36048f54e083b93ff32409dd11b9bb09c3c500e8a89d38f0d7f32ca16e6.
//
// Solidity: event ValidatorRegistered(address indexed owner, bytes32 indexed pubkeyHash, bytes pubkey)
func (_Registry *RegistryFilterer) FilterValidatorRegistered(opts *bind.FilterOpts, owner []common.Address, pubkeyHash [][32]byte) (*RegistryValidatorRegisteredIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var pubkeyHashRule []interface{}
	for _, pubkeyHashItem := range pubkeyHash {
		pubkeyHashRule = append(pubkeyHashRule, pubkeyHashItem)
	}

	logs, sub, err := _Registry.contract.FilterLogs(opts, "ValidatorRegistered", ownerRule, pubkeyHashRule)
	if err != nil {
		return nil, err
	}
	return &RegistryValidatorRegisteredIterator{contract: _Registry.contract, event: "ValidatorRegistered", logs: logs, sub: sub}, nil
}

// WatchValidatorRegistered is a free log subscription operation binding the contract event 0xf150d36048f54e083b93ff32409dd11b9bb09c3c500e8a89d38f0d7f32ca16e6.
//
// Solidity: event ValidatorRegistered(address indexed owner, bytes32 indexed pubkeyHash, bytes pubkey)
func (_Registry *RegistryFilterer) WatchValidatorRegistered(opts *bind.WatchOpts, sink chan<- *RegistryValidatorRegistered, owner []common.Address, pubkeyHash [][32]byte) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var pubkeyHashRule []interface{}
	for _, pubkeyHashItem := range pubkeyHash {
		pubkeyHashRule = append(pubkeyHashRule, pubkeyHashItem)
	}

	logs, sub, err := _Registry.contract.WatchLogs(opts, "ValidatorRegistered", ownerRule, pubkeyHashRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RegistryValidatorRegistered)
				if err := _Registry.contract.UnpackLog(event, "ValidatorRegistered", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseValidatorRegistered is a log parse operation binding the contract event 0xf150d36048f54e083b93ff32409dd11b9bb09c3c500e8a89d38f0d7f32ca16e6.
//
// Solidity: event ValidatorRegistered(address indexed owner, bytes32 indexed pubkeyHash, bytes pubkey)
func (_Registry *RegistryFilterer) ParseValidatorRegistered(log types.Log) (*RegistryValidatorRegistered, error) {
	event := new(RegistryValidatorRegistered)
	if err := _Registry.contract.UnpackLog(event, "ValidatorRegistered", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RollupInboxMetaData contains all meta data concerning the RollupInbox contract.
var RollupInboxMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"genesisTime_\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"secondsPerSlot_\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"poster\",\"type\":\"address\"}],\"name\":\"batchHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"currentSlot\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"genesisTime\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"name\":\"isRollup\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"txRoot\",\"type\":\"bytes32\"},{\"internalType\":\"uint32\",\"name\":\"txCount\",\"type\":\"uint32\"},{\"internalType\":\"bytes32\",\"name\":\"parentHash\",\"type\":\"bytes32\"}],\"internalType\":\"structRollupInbox.BlockHeader[]\",\"name\":\"headers\",\"type\":\"tuple[]\"},{\"internalType\":\"bytes\",\"name\":\"data\",\"type\":\"bytes\"}],\"name\":\"proposeBatch\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"config\",\"type\":\"bytes\"}],\"name\":\"registerRollup\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"name\":\"rollups\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"internalType\":\"bytes\",\"name\":\"config\",\"type\":\"bytes\"},{\"internalType\":\"uint64\",\"name\":\"blocks\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"secondsPerSlot\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"poster\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"batchHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"dataHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"blocks\",\"type\":\"uint256\"}],\"name\":\"BatchProposed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"indexed\":true,\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"poster\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"txRoot\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"uint32\",\"name\":\"txCount\",\"type\":\"uint32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"parentHash\",\"type\":\"bytes32\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"dataHash\",\"type\":\"bytes32\"}],\"name\":\"RollupBlock\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"admin\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"bytes\",\"name\":\"config\",\"type\":\"bytes\"}],\"name\":\"RollupRegistered\",\"type\":\"event\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"slot\",\"type\":\"uint64\"},{\"internalType\":\"address\",\"name\":\"poster\",\"type\":\"address\"}],\"name\":\"BatchExists\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BeforeGenesis\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyBatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"name\":\"RollupExists\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"}],\"name\":\"UnknownRollup\",\"type\":\"error\"}]",
	Bin: "0x60c060405234801561000f575f5ffd5b50604051610d9c380380610d9c83398101604081905261002e9161003c565b60809190915260a05261005e565b5f5f6040838503121561004d575f5ffd5b505080516020909101519092909150565b60805160a051610d0a6100925f395f8181608e01526101fc01525f818160e8015281816101bb01526102200152610d0a5ff3fe608060405234801561000f575f5ffd5b5060043610610085575f3560e01c80636b1bb270116100585780636b1bb27014610144578063b794e5a314610159578063ccff23941461017b578063deb3e7b41461018e575f5ffd5b806322a111fc146100895780633359632e146100c357806342c6498a146100e35780635b78dc9b1461010a575b5f5ffd5b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b6040519081526020015b60405180910390f35b6100cb6101b8565b6040516001600160401b0390911681526020016100ba565b6100b07f000000000000000000000000000000000000000000000000000000000000000081565b61013461011836600461080c565b5f908152602081905260409020546001600160a01b0316151590565b60405190151581526020016100ba565b610157610152366004610867565b610254565b005b61016c61016736600461080c565b6103a4565b6040516100ba939291906108ae565b610157610189366004610902565b61045f565b6100b061019c36600461099a565b600160209081525f928352604080842090915290825290205481565b5f7f00000000000000000000000000000000000000000000000000000000000000004210156101fa576040516302825c0d60e61b815260040160405180910390fd5b7f00000000000000000000000000000000000000000000000000000000000000006102457f0000000000000000000000000000000000000000000000000000000000000000426109fb565b61024f9190610a14565b905090565b82158061026057504683145b8061028057505f838152602081905260409020546001600160a01b031615155b156102a6576040516371702c3160e11b8152600481018490526024015b60405180910390fd5b6040518060600160405280336001600160a01b0316815260200183838080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920182905250938552505050602091820181905285815280825260409020825181546001600160a01b0319166001600160a01b039091161781559082015160018201906103389082610ad6565b50604091820151600291909101805467ffffffffffffffff19166001600160401b039092169190911790555183907f3b0b4a613ad045ce24f27e31174da6b2bb15b5741e3d74f8c7dce957be9cdbbd9061039790339086908690610b94565b60405180910390a2505050565b5f60208190529081526040902080546001820180546001600160a01b0390921692916103cf90610a47565b80601f01602080910402602001604051908101604052809291908181526020018280546103fb90610a47565b80156104465780601f1061041d57610100808354040283529160200191610446565b820191905f5260205f20905b81548152906001019060200180831161042957829003601f168201915b505050600290930154919250506001600160401b031683565b5f8390036104805760405163c2e5347d60e01b815260040160405180910390fd5b5f6104896101b8565b6001600160401b0381165f908152600160209081526040808320338452909152902054909150156104de5760405163dab0cc9360e01b81526001600160401b038216600482015233602482015260440161029d565b5f85856040516020016104f2929190610beb565b60408051601f1981840301815291815281516020928301206001600160401b0385165f9081526001845282812033825290935290822081905591508049156105d15760408051600680825260e082019092525f916020820160c0803683370190505090505f5b6006811080156105685750804915155b1561059e57804982828151811061058157610581610c50565b60209081029190910101528061059681610c64565b915050610558565b808252816040516020016105b29190610c7c565b60405160208183030381529060405280519060200120925050506105ec565b84846040516105e1929190610cb1565b604051809103902090505b5f5b868110156107b4575f5f5f8a8a8581811061060b5761060b610c50565b608002919091013582525060208101919091526040015f2080549091506001600160a01b031661066c5788888381811061064757610647610c50565b9050608002015f013560405163cb45b6c360e01b815260040161029d91815260200190565b6002810180546001600160401b0316905f61068683610cc0565b91906101000a8154816001600160401b0302191690836001600160401b031602179055506001600160401b03168989848181106106c5576106c5610c50565b9050608002015f01357f4350a1801557eeeb2630695bfafc9ea88d8cc6677207282b46d7081901fe65de87338d8d8881811061070357610703610c50565b905060800201602001358e8e8981811061071f5761071f610c50565b90506080020160400160208101906107379190610cea565b8f8f8a81811061074957610749610c50565b905060800201606001358a6040516107a3969594939291906001600160401b039690961686526001600160a01b03949094166020860152604085019290925263ffffffff166060840152608083015260a082015260c00190565b60405180910390a3506001016105ee565b50604080518381526020810183905290810187905233906001600160401b038516907f3311ccfcf21cedac2bf40254fb518033149d80665809c4eada054598d43ae7969060600160405180910390a350505050505050565b5f6020828403121561081c575f5ffd5b5035919050565b5f5f83601f840112610833575f5ffd5b5081356001600160401b03811115610849575f5ffd5b602083019150836020828501011115610860575f5ffd5b9250929050565b5f5f5f60408486031215610879575f5ffd5b8335925060208401356001600160401b03811115610895575f5ffd5b6108a186828701610823565b9497909650939450505050565b60018060a01b0384168152606060208201525f83518060608401528060208601608085015e5f608082850101526080601f19601f8301168401019150506001600160401b0383166040830152949350505050565b5f5f5f5f60408587031215610915575f5ffd5b84356001600160401b0381111561092a575f5ffd5b8501601f8101871361093a575f5ffd5b80356001600160401b0381111561094f575f5ffd5b8760208260071b8401011115610963575f5ffd5b6020918201955093508501356001600160401b03811115610982575f5ffd5b61098e87828801610823565b95989497509550505050565b5f5f604083850312156109ab575f5ffd5b82356001600160401b03811681146109c1575f5ffd5b915060208301356001600160a01b03811681146109dc575f5ffd5b809150509250929050565b634e487b7160e01b5f52601160045260245ffd5b81810381811115610a0e57610a0e6109e7565b92915050565b5f82610a2e57634e487b7160e01b5f52601260045260245ffd5b500490565b634e487b7160e01b5f52604160045260245ffd5b600181811c90821680610a5b57607f821691505b602082108103610a7957634e487b7160e01b5f52602260045260245ffd5b50919050565b601f821115610ad15782821115610ad157805f5260205f20601f840160051c6020851015610aaa57505f5b90810190601f840160051c035f5b81811015610acd575f83820155600101610ab8565b5050505b505050565b81516001600160401b03811115610aef57610aef610a33565b610b0381610afd8454610a47565b84610a7f565b6020601f821160018114610b35575f8315610b1e5750848201515b5f19600385901b1c1916600184901b178455610b8d565b5f84815260208120601f198516915b82811015610b645787850151825560209485019460019092019101610b44565b5084821015610b8157868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b6001600160a01b03841681526040602082018190528101829052818360608301375f818301606090810191909152601f909201601f1916010192915050565b803563ffffffff81168114610be6575f5ffd5b919050565b602080825281018290525f8360408301825b85811015610c4657823582526020808401359083015263ffffffff610c2460408501610bd3565b1660408301526060838101359083015260809283019290910190600101610bfd565b5095945050505050565b634e487b7160e01b5f52603260045260245ffd5b5f60018201610c7557610c756109e7565b5060010190565b81515f90829060208501835b82811015610ca6578151845260209384019390910190600101610c88565b509195945050505050565b818382375f9101908152919050565b5f6001600160401b0382166001600160401b038103610ce157610ce16109e7565b60010192915050565b5f60208284031215610cfa575f5ffd5b610d0382610bd3565b939250505056",
}

// RollupInboxABI is the input ABI used to generate the binding from.
// Deprecated: Use RollupInboxMetaData.ABI instead.
var RollupInboxABI = RollupInboxMetaData.ABI

// RollupInboxBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use RollupInboxMetaData.Bin instead.
var RollupInboxBin = RollupInboxMetaData.Bin

// DeployRollupInbox deploys a new Ethereum contract, binding an instance of RollupInbox to it.
func DeployRollupInbox(auth *bind.TransactOpts, backend bind.ContractBackend, genesisTime_ *big.Int, secondsPerSlot_ *big.Int) (common.Address, *types.Transaction, *RollupInbox, error) {
	parsed, err := RollupInboxMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(RollupInboxBin), backend, genesisTime_, secondsPerSlot_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &RollupInbox{RollupInboxCaller: RollupInboxCaller{contract: contract}, RollupInboxTransactor: RollupInboxTransactor{contract: contract}, RollupInboxFilterer: RollupInboxFilterer{contract: contract}}, nil
}

// RollupInbox is an auto generated Go binding around an Ethereum contract.
type RollupInbox struct {
	RollupInboxCaller     // Read-only binding to the contract
	RollupInboxTransactor // Write-only binding to the contract
	RollupInboxFilterer   // Log filterer for contract events
}

// RollupInboxCaller is an auto generated read-only Go binding around an Ethereum contract.
type RollupInboxCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RollupInboxTransactor is an auto generated write-only Go binding around an Ethereum contract.
type RollupInboxTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RollupInboxFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type RollupInboxFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// RollupInboxSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type RollupInboxSession struct {
	Contract     *RollupInbox      // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// RollupInboxCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type RollupInboxCallerSession struct {
	Contract *RollupInboxCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts      // Call options to use throughout this session
}

// RollupInboxTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type RollupInboxTransactorSession struct {
	Contract     *RollupInboxTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts      // Transaction auth options to use throughout this session
}

// RollupInboxRaw is an auto generated low-level Go binding around an Ethereum contract.
type RollupInboxRaw struct {
	Contract *RollupInbox // Generic contract binding to access the raw methods on
}

// RollupInboxCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type RollupInboxCallerRaw struct {
	Contract *RollupInboxCaller // Generic read-only contract binding to access the raw methods on
}

// RollupInboxTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type RollupInboxTransactorRaw struct {
	Contract *RollupInboxTransactor // Generic write-only contract binding to access the raw methods on
}

// NewRollupInbox creates a new instance of RollupInbox, bound to a specific deployed contract.
func NewRollupInbox(address common.Address, backend bind.ContractBackend) (*RollupInbox, error) {
	contract, err := bindRollupInbox(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &RollupInbox{RollupInboxCaller: RollupInboxCaller{contract: contract}, RollupInboxTransactor: RollupInboxTransactor{contract: contract}, RollupInboxFilterer: RollupInboxFilterer{contract: contract}}, nil
}

// NewRollupInboxCaller creates a new read-only instance of RollupInbox, bound to a specific deployed contract.
func NewRollupInboxCaller(address common.Address, caller bind.ContractCaller) (*RollupInboxCaller, error) {
	contract, err := bindRollupInbox(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &RollupInboxCaller{contract: contract}, nil
}

// NewRollupInboxTransactor creates a new write-only instance of RollupInbox, bound to a specific deployed contract.
func NewRollupInboxTransactor(address common.Address, transactor bind.ContractTransactor) (*RollupInboxTransactor, error) {
	contract, err := bindRollupInbox(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &RollupInboxTransactor{contract: contract}, nil
}

// NewRollupInboxFilterer creates a new log filterer instance of RollupInbox, bound to a specific deployed contract.
func NewRollupInboxFilterer(address common.Address, filterer bind.ContractFilterer) (*RollupInboxFilterer, error) {
	contract, err := bindRollupInbox(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &RollupInboxFilterer{contract: contract}, nil
}

// bindRollupInbox binds a generic wrapper to an already deployed contract.
func bindRollupInbox(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := RollupInboxMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RollupInbox *RollupInboxRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RollupInbox.Contract.RollupInboxCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RollupInbox *RollupInboxRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RollupInbox.Contract.RollupInboxTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RollupInbox *RollupInboxRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RollupInbox.Contract.RollupInboxTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_RollupInbox *RollupInboxCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _RollupInbox.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_RollupInbox *RollupInboxTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _RollupInbox.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_RollupInbox *RollupInboxTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _RollupInbox.Contract.contract.Transact(opts, method, params...)
}

// BatchHash is a free data retrieval call binding the contract method 0xdeb3e7b4.
//
// Solidity: function batchHash(uint64 slot, address poster) view returns(bytes32)
func (_RollupInbox *RollupInboxCaller) BatchHash(opts *bind.CallOpts, slot uint64, poster common.Address) ([32]byte, error) {
	var out []interface{}
	err := _RollupInbox.contract.Call(opts, &out, "batchHash", slot, poster)

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// BatchHash is a free data retrieval call binding the contract method 0xdeb3e7b4.
//
// Solidity: function batchHash(uint64 slot, address poster) view returns(bytes32)
func (_RollupInbox *RollupInboxSession) BatchHash(slot uint64, poster common.Address) ([32]byte, error) {
	return _RollupInbox.Contract.BatchHash(&_RollupInbox.CallOpts, slot, poster)
}

// BatchHash is a free data retrieval call binding the contract method 0xdeb3e7b4.
//
// Solidity: function batchHash(uint64 slot, address poster) view returns(bytes32)
func (_RollupInbox *RollupInboxCallerSession) BatchHash(slot uint64, poster common.Address) ([32]byte, error) {
	return _RollupInbox.Contract.BatchHash(&_RollupInbox.CallOpts, slot, poster)
}

// CurrentSlot is a free data retrieval call binding the contract method 0x3359632e.
//
// Solidity: function currentSlot() view returns(uint64)
func (_RollupInbox *RollupInboxCaller) CurrentSlot(opts *bind.CallOpts) (uint64, error) {
	var out []interface{}
	err := _RollupInbox.contract.Call(opts, &out, "currentSlot")

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// CurrentSlot is a free data retrieval call binding the contract method 0x3359632e.
//
// Solidity: function currentSlot() view returns(uint64)
func (_RollupInbox *RollupInboxSession) CurrentSlot() (uint64, error) {
	return _RollupInbox.Contract.CurrentSlot(&_RollupInbox.CallOpts)
}

// CurrentSlot is a free data retrieval call binding the contract method 0x3359632e.
//
// Solidity: function currentSlot() view returns(uint64)
func (_RollupInbox *RollupInboxCallerSession) CurrentSlot() (uint64, error) {
	return _RollupInbox.Contract.CurrentSlot(&_RollupInbox.CallOpts)
}

// GenesisTime is a free data retrieval call binding the contract method 0x42c6498a.
//
// Solidity: function genesisTime() view returns(uint256)
func (_RollupInbox *RollupInboxCaller) GenesisTime(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _RollupInbox.contract.Call(opts, &out, "genesisTime")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// GenesisTime is a free data retrieval call binding the contract method 0x42c6498a.
//
// Solidity: function genesisTime() view returns(uint256)
func (_RollupInbox *RollupInboxSession) GenesisTime() (*big.Int, error) {
	return _RollupInbox.Contract.GenesisTime(&_RollupInbox.CallOpts)
}

// GenesisTime is a free data retrieval call binding the contract method 0x42c6498a.
//
// Solidity: function genesisTime() view returns(uint256)
func (_RollupInbox *RollupInboxCallerSession) GenesisTime() (*big.Int, error) {
	return _RollupInbox.Contract.GenesisTime(&_RollupInbox.CallOpts)
}

// IsRollup is a free data retrieval call binding the contract method 0x5b78dc9b.
//
// Solidity: function isRollup(uint256 chainId) view returns(bool)
func (_RollupInbox *RollupInboxCaller) IsRollup(opts *bind.CallOpts, chainId *big.Int) (bool, error) {
	var out []interface{}
	err := _RollupInbox.contract.Call(opts, &out, "isRollup", chainId)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// IsRollup is a free data retrieval call binding the contract method 0x5b78dc9b.
//
// Solidity: function isRollup(uint256 chainId) view returns(bool)
func (_RollupInbox *RollupInboxSession) IsRollup(chainId *big.Int) (bool, error) {
	return _RollupInbox.Contract.IsRollup(&_RollupInbox.CallOpts, chainId)
}

// IsRollup is a free data retrieval call binding the contract method 0x5b78dc9b.
//
// Solidity: function isRollup(uint256 chainId) view returns(bool)
func (_RollupInbox *RollupInboxCallerSession) IsRollup(chainId *big.Int) (bool, error) {
	return _RollupInbox.Contract.IsRollup(&_RollupInbox.CallOpts, chainId)
}

// Rollups is a free data retrieval call binding the contract method 0xb794e5a3.
//
// Solidity: function rollups(uint256 chainId) view returns(address admin, bytes config, uint64 blocks)
func (_RollupInbox *RollupInboxCaller) Rollups(opts *bind.CallOpts, chainId *big.Int) (struct {
	Admin  common.Address
	Config []byte
	Blocks uint64
}, error) {
	var out []interface{}
	err := _RollupInbox.contract.Call(opts, &out, "rollups", chainId)

	outstruct := new(struct {
		Admin  common.Address
		Config []byte
		Blocks uint64
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Admin = *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	outstruct.Config = *abi.ConvertType(out[1], new([]byte)).(*[]byte)
	outstruct.Blocks = *abi.ConvertType(out[2], new(uint64)).(*uint64)

	return *outstruct, err

}

// Rollups is a free data retrieval call binding the contract method 0xb794e5a3.
//
// Solidity: function rollups(uint256 chainId) view returns(address admin, bytes config, uint64 blocks)
func (_RollupInbox *RollupInboxSession) Rollups(chainId *big.Int) (struct {
	Admin  common.Address
	Config []byte
	Blocks uint64
}, error) {
	return _RollupInbox.Contract.Rollups(&_RollupInbox.CallOpts, chainId)
}

// Rollups is a free data retrieval call binding the contract method 0xb794e5a3.
//
// Solidity: function rollups(uint256 chainId) view returns(address admin, bytes config, uint64 blocks)
func (_RollupInbox *RollupInboxCallerSession) Rollups(chainId *big.Int) (struct {
	Admin  common.Address
	Config []byte
	Blocks uint64
}, error) {
	return _RollupInbox.Contract.Rollups(&_RollupInbox.CallOpts, chainId)
}

// SecondsPerSlot is a free data retrieval call binding the contract method 0x22a111fc.
//
// Solidity: function secondsPerSlot() view returns(uint256)
func (_RollupInbox *RollupInboxCaller) SecondsPerSlot(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _RollupInbox.contract.Call(opts, &out, "secondsPerSlot")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// SecondsPerSlot is a free data retrieval call binding the contract method 0x22a111fc.
//
// Solidity: function secondsPerSlot() view returns(uint256)
func (_RollupInbox *RollupInboxSession) SecondsPerSlot() (*big.Int, error) {
	return _RollupInbox.Contract.SecondsPerSlot(&_RollupInbox.CallOpts)
}

// SecondsPerSlot is a free data retrieval call binding the contract method 0x22a111fc.
//
// Solidity: function secondsPerSlot() view returns(uint256)
func (_RollupInbox *RollupInboxCallerSession) SecondsPerSlot() (*big.Int, error) {
	return _RollupInbox.Contract.SecondsPerSlot(&_RollupInbox.CallOpts)
}

// ProposeBatch is a paid mutator transaction binding the contract method 0xccff2394.
//
// Solidity: function proposeBatch((uint256,bytes32,uint32,bytes32)[] headers, bytes data) returns()
func (_RollupInbox *RollupInboxTransactor) ProposeBatch(opts *bind.TransactOpts, headers []RollupInboxBlockHeader, data []byte) (*types.Transaction, error) {
	return _RollupInbox.contract.Transact(opts, "proposeBatch", headers, data)
}

// ProposeBatch is a paid mutator transaction binding the contract method 0xccff2394.
//
// Solidity: function proposeBatch((uint256,bytes32,uint32,bytes32)[] headers, bytes data) returns()
func (_RollupInbox *RollupInboxSession) ProposeBatch(headers []RollupInboxBlockHeader, data []byte) (*types.Transaction, error) {
	return _RollupInbox.Contract.ProposeBatch(&_RollupInbox.TransactOpts, headers, data)
}

// ProposeBatch is a paid mutator transaction binding the contract method 0xccff2394.
//
// Solidity: function proposeBatch((uint256,bytes32,uint32,bytes32)[] headers, bytes data) returns()
func (_RollupInbox *RollupInboxTransactorSession) ProposeBatch(headers []RollupInboxBlockHeader, data []byte) (*types.Transaction, error) {
	return _RollupInbox.Contract.ProposeBatch(&_RollupInbox.TransactOpts, headers, data)
}

// RegisterRollup is a paid mutator transaction binding the contract method 0x6b1bb270.
//
// Solidity: function registerRollup(uint256 chainId, bytes config) returns()
func (_RollupInbox *RollupInboxTransactor) RegisterRollup(opts *bind.TransactOpts, chainId *big.Int, config []byte) (*types.Transaction, error) {
	return _RollupInbox.contract.Transact(opts, "registerRollup", chainId, config)
}

// RegisterRollup is a paid mutator transaction binding the contract method 0x6b1bb270.
//
// Solidity: function registerRollup(uint256 chainId, bytes config) returns()
func (_RollupInbox *RollupInboxSession) RegisterRollup(chainId *big.Int, config []byte) (*types.Transaction, error) {
	return _RollupInbox.Contract.RegisterRollup(&_RollupInbox.TransactOpts, chainId, config)
}

// RegisterRollup is a paid mutator transaction binding the contract method 0x6b1bb270.
//
// Solidity: function registerRollup(uint256 chainId, bytes config) returns()
func (_RollupInbox *RollupInboxTransactorSession) RegisterRollup(chainId *big.Int, config []byte) (*types.Transaction, error) {
	return _RollupInbox.Contract.RegisterRollup(&_RollupInbox.TransactOpts, chainId, config)
}

// RollupInboxBatchProposedIterator is returned from FilterBatchProposed and is used to iterate over the raw logs and unpacked data for BatchProposed events raised by the RollupInbox contract.
type RollupInboxBatchProposedIterator struct {
	Event *RollupInboxBatchProposed // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RollupInboxBatchProposedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RollupInboxBatchProposed)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RollupInboxBatchProposed)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RollupInboxBatchProposedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RollupInboxBatchProposedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RollupInboxBatchProposed represents a BatchProposed event raised by the RollupInbox contract.
type RollupInboxBatchProposed struct {
	Slot      uint64
	Poster    common.Address
	BatchHash [32]byte
	DataHash  [32]byte
	Blocks    *big.Int
	Raw       types.Log // Blockchain specific contextual infos
}

// FilterBatchProposed is a free log retrieval operation binding the contract event 0x3311ccfcf21cedac2bf40254fb518033149d80665809c4eada054598d43ae796.
//
// Solidity: event BatchProposed(uint64 indexed slot, address indexed poster, bytes32 batchHash, bytes32 dataHash, uint256 blocks)
func (_RollupInbox *RollupInboxFilterer) FilterBatchProposed(opts *bind.FilterOpts, slot []uint64, poster []common.Address) (*RollupInboxBatchProposedIterator, error) {

	var slotRule []interface{}
	for _, slotItem := range slot {
		slotRule = append(slotRule, slotItem)
	}
	var posterRule []interface{}
	for _, posterItem := range poster {
		posterRule = append(posterRule, posterItem)
	}

	logs, sub, err := _RollupInbox.contract.FilterLogs(opts, "BatchProposed", slotRule, posterRule)
	if err != nil {
		return nil, err
	}
	return &RollupInboxBatchProposedIterator{contract: _RollupInbox.contract, event: "BatchProposed", logs: logs, sub: sub}, nil
}

// WatchBatchProposed is a free log subscription operation binding the contract event 0x3311ccfcf21cedac2bf40254fb518033149d80665809c4eada054598d43ae796.
//
// Solidity: event BatchProposed(uint64 indexed slot, address indexed poster, bytes32 batchHash, bytes32 dataHash, uint256 blocks)
func (_RollupInbox *RollupInboxFilterer) WatchBatchProposed(opts *bind.WatchOpts, sink chan<- *RollupInboxBatchProposed, slot []uint64, poster []common.Address) (event.Subscription, error) {

	var slotRule []interface{}
	for _, slotItem := range slot {
		slotRule = append(slotRule, slotItem)
	}
	var posterRule []interface{}
	for _, posterItem := range poster {
		posterRule = append(posterRule, posterItem)
	}

	logs, sub, err := _RollupInbox.contract.WatchLogs(opts, "BatchProposed", slotRule, posterRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RollupInboxBatchProposed)
				if err := _RollupInbox.contract.UnpackLog(event, "BatchProposed", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseBatchProposed is a log parse operation binding the contract event 0x3311ccfcf21cedac2bf40254fb518033149d80665809c4eada054598d43ae796.
//
// Solidity: event BatchProposed(uint64 indexed slot, address indexed poster, bytes32 batchHash, bytes32 dataHash, uint256 blocks)
func (_RollupInbox *RollupInboxFilterer) ParseBatchProposed(log types.Log) (*RollupInboxBatchProposed, error) {
	event := new(RollupInboxBatchProposed)
	if err := _RollupInbox.contract.UnpackLog(event, "BatchProposed", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RollupInboxRollupBlockIterator is returned from FilterRollupBlock and is used to iterate over the raw logs and unpacked data for RollupBlock events raised by the RollupInbox contract.
type RollupInboxRollupBlockIterator struct {
	Event *RollupInboxRollupBlock // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RollupInboxRollupBlockIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RollupInboxRollupBlock)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RollupInboxRollupBlock)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RollupInboxRollupBlockIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RollupInboxRollupBlockIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RollupInboxRollupBlock represents a RollupBlock event raised by the RollupInbox contract.
type RollupInboxRollupBlock struct {
	ChainId    *big.Int
	Number     uint64
	Slot       uint64
	Poster     common.Address
	TxRoot     [32]byte
	TxCount    uint32
	ParentHash [32]byte
	DataHash   [32]byte
	Raw        types.Log // Blockchain specific contextual infos
}

// FilterRollupBlock is a free log retrieval operation binding the contract event 0x4350a1801557eeeb2630695bfafc9ea88d8cc6677207282b46d7081901fe65de.
//
// Solidity: event RollupBlock(uint256 indexed chainId, uint64 indexed number, uint64 slot, address poster, bytes32 txRoot, uint32 txCount, bytes32 parentHash, bytes32 dataHash)
func (_RollupInbox *RollupInboxFilterer) FilterRollupBlock(opts *bind.FilterOpts, chainId []*big.Int, number []uint64) (*RollupInboxRollupBlockIterator, error) {

	var chainIdRule []interface{}
	for _, chainIdItem := range chainId {
		chainIdRule = append(chainIdRule, chainIdItem)
	}
	var numberRule []interface{}
	for _, numberItem := range number {
		numberRule = append(numberRule, numberItem)
	}

	logs, sub, err := _RollupInbox.contract.FilterLogs(opts, "RollupBlock", chainIdRule, numberRule)
	if err != nil {
		return nil, err
	}
	return &RollupInboxRollupBlockIterator{contract: _RollupInbox.contract, event: "RollupBlock", logs: logs, sub: sub}, nil
}

// WatchRollupBlock is a free log subscription operation binding the contract event 0x4350a1801557eeeb2630695bfafc9ea88d8cc6677207282b46d7081901fe65de.
//
// Solidity: event RollupBlock(uint256 indexed chainId, uint64 indexed number, uint64 slot, address poster, bytes32 txRoot, uint32 txCount, bytes32 parentHash, bytes32 dataHash)
func (_RollupInbox *RollupInboxFilterer) WatchRollupBlock(opts *bind.WatchOpts, sink chan<- *RollupInboxRollupBlock, chainId []*big.Int, number []uint64) (event.Subscription, error) {

	var chainIdRule []interface{}
	for _, chainIdItem := range chainId {
		chainIdRule = append(chainIdRule, chainIdItem)
	}
	var numberRule []interface{}
	for _, numberItem := range number {
		numberRule = append(numberRule, numberItem)
	}

	logs, sub, err := _RollupInbox.contract.WatchLogs(opts, "RollupBlock", chainIdRule, numberRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RollupInboxRollupBlock)
				if err := _RollupInbox.contract.UnpackLog(event, "RollupBlock", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseRollupBlock is a log parse operation binding the contract event 0x4350a1801557eeeb2630695bfafc9ea88d8cc6677207282b46d7081901fe65de.
//
// Solidity: event RollupBlock(uint256 indexed chainId, uint64 indexed number, uint64 slot, address poster, bytes32 txRoot, uint32 txCount, bytes32 parentHash, bytes32 dataHash)
func (_RollupInbox *RollupInboxFilterer) ParseRollupBlock(log types.Log) (*RollupInboxRollupBlock, error) {
	event := new(RollupInboxRollupBlock)
	if err := _RollupInbox.contract.UnpackLog(event, "RollupBlock", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// RollupInboxRollupRegisteredIterator is returned from FilterRollupRegistered and is used to iterate over the raw logs and unpacked data for RollupRegistered events raised by the RollupInbox contract.
type RollupInboxRollupRegisteredIterator struct {
	Event *RollupInboxRollupRegistered // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *RollupInboxRollupRegisteredIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(RollupInboxRollupRegistered)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(RollupInboxRollupRegistered)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *RollupInboxRollupRegisteredIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *RollupInboxRollupRegisteredIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// RollupInboxRollupRegistered represents a RollupRegistered event raised by the RollupInbox contract.
type RollupInboxRollupRegistered struct {
	ChainId *big.Int
	Admin   common.Address
	Config  []byte
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterRollupRegistered is a free log retrieval operation binding the contract event 0x3b0b4a613ad045ce24f27e31174da6b2bb15b5741e3d74f8c7dce957be9cdbbd.
//
// Solidity: event RollupRegistered(uint256 indexed chainId, address admin, bytes config)
func (_RollupInbox *RollupInboxFilterer) FilterRollupRegistered(opts *bind.FilterOpts, chainId []*big.Int) (*RollupInboxRollupRegisteredIterator, error) {

	var chainIdRule []interface{}
	for _, chainIdItem := range chainId {
		chainIdRule = append(chainIdRule, chainIdItem)
	}

	logs, sub, err := _RollupInbox.contract.FilterLogs(opts, "RollupRegistered", chainIdRule)
	if err != nil {
		return nil, err
	}
	return &RollupInboxRollupRegisteredIterator{contract: _RollupInbox.contract, event: "RollupRegistered", logs: logs, sub: sub}, nil
}

// WatchRollupRegistered is a free log subscription operation binding the contract event 0x3b0b4a613ad045ce24f27e31174da6b2bb15b5741e3d74f8c7dce957be9cdbbd.
//
// Solidity: event RollupRegistered(uint256 indexed chainId, address admin, bytes config)
func (_RollupInbox *RollupInboxFilterer) WatchRollupRegistered(opts *bind.WatchOpts, sink chan<- *RollupInboxRollupRegistered, chainId []*big.Int) (event.Subscription, error) {

	var chainIdRule []interface{}
	for _, chainIdItem := range chainId {
		chainIdRule = append(chainIdRule, chainIdItem)
	}

	logs, sub, err := _RollupInbox.contract.WatchLogs(opts, "RollupRegistered", chainIdRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(RollupInboxRollupRegistered)
				if err := _RollupInbox.contract.UnpackLog(event, "RollupRegistered", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseRollupRegistered is a log parse operation binding the contract event 0x3b0b4a613ad045ce24f27e31174da6b2bb15b5741e3d74f8c7dce957be9cdbbd.
//
// Solidity: event RollupRegistered(uint256 indexed chainId, address admin, bytes config)
func (_RollupInbox *RollupInboxFilterer) ParseRollupRegistered(log types.Log) (*RollupInboxRollupRegistered, error) {
	event := new(RollupInboxRollupRegistered)
	if err := _RollupInbox.contract.UnpackLog(event, "RollupRegistered", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}
