// Command based is the preconfirmation and based-rollup sequencing sidecar
// that runs beside an Ethereum validator's beacon node.
package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"github.com/urfave/cli/v2"
)

// Set at link time by the Makefile (-ldflags "-X main.version=… -X main.commit=…").
var (
	version = "0.0.0-dev"
	commit  = "unknown"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := newApp().RunContext(ctx, os.Args); err != nil {
		var exit cli.ExitCoder
		if errors.As(err, &exit) {
			fmt.Fprintln(os.Stderr, "based:", err)
			os.Exit(exit.ExitCode())
		}
		fmt.Fprintln(os.Stderr, "based:", err)
		os.Exit(1)
	}
}

// newApp builds the command tree; it holds no state beyond the returned value.
func newApp() *cli.App {
	return &cli.App{
		Name:  "based",
		Usage: "preconfirmations and based-rollup sequencing beside your beacon node",
		Description: "based runs next to a validator's beacon node (where mev-boost would run). It follows the\n" +
			"chain, signs collateral-backed inclusion promises for the slots your validators propose,\n" +
			"sequences the based rollups you subscribe to, and serves the Builder API so that the block\n" +
			"of your slot keeps every promise.",
		Version:              version,
		EnableBashCompletion: true,
		Flags:                logFlags(),
		Commands:             commands(),
		OnUsageError: func(_ *cli.Context, err error, _ bool) error {
			return cli.Exit(fmt.Sprintf("usage: %v", err), 2)
		},
		// Print the version with `based version`, keep -v free.
		HideVersion: true,
	}
}

// commands lists the subcommands; each file of this package adds its own.
func commands() []*cli.Command {
	cmds := []*cli.Command{versionCommand(), runCommand(), devnetCommand()}
	cmds = append(cmds, contractsCommand(), registerCommand())
	cmds = append(cmds, requestCommand(), challengeCommand(), benchCommand())
	cmds = append(cmds, lookaheadCommand(), delegateCommand(), keysCommand())
	cmds = append(cmds, rollupNodeCommand(), blocksimCommand())
	for _, c := range cmds {
		c.OnUsageError = func(_ *cli.Context, err error, _ bool) error {
			return cli.Exit(fmt.Sprintf("usage: %v", err), 2)
		}
	}
	return cmds
}
