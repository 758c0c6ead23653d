package main

import (
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/sidecar"
)

const (
	flagBuilderAddr  = "builder.addr"
	flagRelay        = "relay"
	flagRelayTrust   = "relay.trusted"
	flagConsKey      = "constraints.key"
	flagConsPass     = "constraints.password-file"
	flagBuilderKey   = "builder.key"
	flagBuilderPass  = "builder.password-file"
	flagBuilderExtra = "builder.extra-data"
	flagFaultsAddr   = "testing.faults-addr"
	flagPayerKey     = "builder.payer-key"
	flagPayerPass    = "builder.payer-password-file"
	flagPayerMax     = "builder.payer-max-gwei"
)

// builderFlags are the `based run` flags of the Builder API server.
func builderFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagBuilderAddr, Usage: "listen address of the Builder API served to the beacon node (its --http-mev-relay), e.g. 127.0.0.1:18550; empty: off", EnvVars: []string{"BASED_BUILDER_ADDR"}},
		&cli.PathFlag{Name: flagBuilderKey, Usage: "EIP-2335 keystore of the builder BLS key (`based keys new-builder`): turns on our own block, built and bid for each of our slots; needs --beacon-url, --execution-url (with the testing API), --engine-url and --jwt-secret", EnvVars: []string{"BASED_BUILDER_KEY"}},
		&cli.PathFlag{Name: flagBuilderPass, Usage: "file holding the builder keystore's password", EnvVars: []string{"BASED_BUILDER_PASSWORD_FILE"}},
		&cli.StringFlag{Name: flagBuilderExtra, Value: "based", Usage: "extra data of our own block (at most 32 bytes)", EnvVars: []string{"BASED_BUILDER_EXTRA_DATA"}},
		&cli.PathFlag{Name: flagPayerKey, Usage: "secp256k1 key (keystore v3 JSON with --builder.payer-password-file, or hex) of a funded account, not the fee recipient, that tops our block up over the beacon node's own when that is worth more (the beacon node takes our bid only if it is); needs --builder.key", EnvVars: []string{"BASED_BUILDER_PAYER_KEY"}},
		&cli.PathFlag{Name: flagPayerPass, Usage: "file holding the payer keystore's password", EnvVars: []string{"BASED_BUILDER_PAYER_PASSWORD_FILE"}},
		&cli.Uint64Flag{Name: flagPayerMax, Value: 100_000_000, Usage: "the most, in gwei, that one block may be topped up by", EnvVars: []string{"BASED_BUILDER_PAYER_MAX_GWEI"}},
		&cli.StringSliceFlag{Name: flagRelay, Usage: "relay URL with the relay's BLS public key, http://0xPUBKEY@host:port (repeat for several); its bids must be signed by that key", EnvVars: []string{"BASED_RELAY"}},
		&cli.PathFlag{Name: flagConsKey, Usage: "EIP-2335 keystore of the delegated BLS key (the delegations' delegate) that signs constraints: turns on delegations ahead of our slots and each slot's promised txs as SignedConstraints to relays that take them (Constraints API v0); needs --validator.delegations, --beacon-url and --rpc.addr", EnvVars: []string{"BASED_CONSTRAINTS_KEY"}},
		&cli.PathFlag{Name: flagConsPass, Usage: "file holding the constraints keystore's password", EnvVars: []string{"BASED_CONSTRAINTS_PASSWORD_FILE"}},
		&cli.StringFlag{Name: flagFaultsAddr, Usage: "DEVNET TESTS ONLY: loopback address of the fault API (testing_dropPromisedTx: our block leaves that promised tx out); refused on any chain id but the devnet's", EnvVars: []string{"BASED_TESTING_FAULTS_ADDR"}},
		&cli.StringSliceFlag{Name: flagRelayTrust, Usage: "a --relay (its URL or public key) trusted to honour constraints: its bids may win a slot with promises without inclusion proofs checked here (repeat for several)", EnvVars: []string{"BASED_RELAY_TRUSTED"}},
	}
}

// applyBuilderFlags copies the Builder API flags into cfg.
func applyBuilderFlags(c *cli.Context, cfg *sidecar.Config) {
	cfg.BuilderAddr = c.String(flagBuilderAddr)
	cfg.Relays = c.StringSlice(flagRelay)
	cfg.LocalBlock = sidecar.LocalBlockConfig{KeyFile: c.Path(flagBuilderKey), PasswordFile: c.Path(flagBuilderPass), ExtraData: c.String(flagBuilderExtra),
		PayerKeyFile: c.Path(flagPayerKey), PayerPasswordFile: c.Path(flagPayerPass), PayerMaxGwei: c.Uint64(flagPayerMax)}
	cfg.TrustedRelays = c.StringSlice(flagRelayTrust)
	cfg.Constraints.KeyFile, cfg.Constraints.PasswordFile = c.Path(flagConsKey), c.Path(flagConsPass)
	cfg.Faults.Addr = c.String(flagFaultsAddr)
}
