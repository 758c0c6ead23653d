package main

import (
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/sidecar"
)

const (
	flagBuilderAddr = "builder.addr"
	flagRelay       = "relay"
)

// builderFlags are the `based run` flags of the Builder API server.
func builderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagBuilderAddr, Usage: "listen address of the Builder API served to the beacon node (its --http-mev-relay), e.g. 127.0.0.1:18550; empty: off", EnvVars: []string{"BASED_BUILDER_ADDR"}},
		&cli.StringSliceFlag{Name: flagRelay, Usage: "relay URL the Builder API forwards to (repeat for several)", EnvVars: []string{"BASED_RELAY"}},
	}
}

// applyBuilderFlags copies the Builder API flags into cfg.
func applyBuilderFlags(c *cli.Context, cfg *sidecar.Config) {
	cfg.BuilderAddr = c.String(flagBuilderAddr)
	cfg.Relays = c.StringSlice(flagRelay)
}
