package challenge

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"

	"github.com/basedsidecar/based/contracts/bindings"
)

// RevertError is a custom error of the PreconfSlasher (or the Registry it
// calls), decoded from the revert data with the contracts' ABI.
type RevertError struct {
	Name string // the Solidity error's name, e.g. "TooEarly"
	Args []any  // its arguments, decoded
}

func (e *RevertError) Error() string {
	if len(e.Args) == 0 {
		return "slasher: " + e.Name + "()"
	}
	parts := make([]string, len(e.Args))
	for i, a := range e.Args {
		parts[i] = fmt.Sprint(a)
	}
	return "slasher: " + e.Name + "(" + strings.Join(parts, ", ") + ")"
}

// Is matches a RevertError of the same name, so that errors.Is(err,
// ErrTooEarly) holds whatever the arguments.
func (e *RevertError) Is(target error) bool {
	t, ok := target.(*RevertError)
	return ok && t.Name == e.Name
}

// The slasher's errors a challenger meets; compare with errors.Is.
var (
	ErrTooEarly          = &RevertError{Name: "TooEarly"}
	ErrTooLate           = &RevertError{Name: "TooLate"}
	ErrAlreadyChallenged = &RevertError{Name: "AlreadyChallenged"}
	ErrNotOpen           = &RevertError{Name: "NotOpen"}
	ErrBadBond           = &RevertError{Name: "BadBond"}
	ErrBadSignature      = &RevertError{Name: "BadSignature"}
	ErrUnknownCommitter  = &RevertError{Name: "UnknownCommitter"}
	ErrNotBacked         = &RevertError{Name: "NotBacked"}
	ErrUnknownChain      = &RevertError{Name: "UnknownChain"}
	ErrNothingToClaim    = &RevertError{Name: "NothingToClaim"}
)

// contractErrors are the custom errors of the three contracts, by selector.
var contractErrors = func() map[[4]byte]abi.Error {
	out := map[[4]byte]abi.Error{}
	for _, md := range []*bindingsMeta{bindings.PreconfSlasherMetaData, bindings.RegistryMetaData, bindings.RollupInboxMetaData} {
		a, err := md.GetAbi()
		if err != nil {
			panic(err)
		}
		for _, e := range a.Errors {
			out[[4]byte(e.ID[:4])] = e
		}
	}
	return out
}()

// decodeRevert turns an error of a call or gas estimate that carries revert
// data (go-ethereum's rpc.DataError) into a *RevertError. Anything else,
// including revert data of an error the ABIs do not know, is returned as it
// is: a message string is never parsed.
func decodeRevert(err error) error {
	if err == nil {
		return nil
	}
	var de interface{ ErrorData() any }
	if !errors.As(err, &de) {
		return err
	}
	var data []byte
	switch d := de.ErrorData().(type) {
	case string:
		b, derr := hexutil.Decode(d)
		if derr != nil {
			return err
		}
		data = b
	case []byte:
		data = d
	default:
		return err
	}
	if len(data) < 4 {
		return err
	}
	e, ok := contractErrors[[4]byte(data[:4])]
	if !ok || !bytes.Equal(e.ID[:4], data[:4]) {
		return err
	}
	args, uerr := e.Inputs.Unpack(data[4:])
	if uerr != nil {
		return err
	}
	return &RevertError{Name: e.Name, Args: args}
}
