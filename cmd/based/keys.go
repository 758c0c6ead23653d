package main

import (
	"encoding/hex"
	"fmt"
	"os"

	"github.com/ethereum/go-ethereum/accounts/keystore"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/sidecar/keys"
)

const (
	flagKeyFile      = "key"
	flagPasswordFile = "password-file"
)

func keysCommand() *cli.Command {
	return &cli.Command{
		Name:  "keys",
		Usage: "make and inspect the committer key; list validator public keys",
		Subcommands: []*cli.Command{
			{
				Name:  "new-committer",
				Usage: "generate a committer key: a keystore v3 file (with --password-file) or a hex key file",
				Flags: []cli.Flag{
					&cli.PathFlag{Name: flagOut, Usage: "file to create (mode 0600, never overwritten)", Required: true},
					&cli.PathFlag{Name: flagPasswordFile, Usage: "password file; without it the key is written in hex"},
				},
				Action: func(c *cli.Context) error {
					k, err := crypto.GenerateKey()
					if err != nil {
						return err
					}
					out := c.Path(flagOut)
					if pf := c.Path(flagPasswordFile); pf != "" {
						pw, err := keys.ReadPassword(pf)
						if err != nil {
							return cli.Exit(fmt.Sprintf("--%s: %v", flagPasswordFile, err), 2)
						}
						if err := keys.WriteCommitterKeystore(out, k, pw, keystore.StandardScryptN, keystore.StandardScryptP); err != nil {
							return cli.Exit(err.Error(), 1)
						}
					} else {
						f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
						if err != nil {
							return cli.Exit(err.Error(), 1)
						}
						_, err = fmt.Fprintln(f, hex.EncodeToString(crypto.FromECDSA(k)))
						if cerr := f.Close(); err == nil {
							err = cerr
						}
						if err != nil {
							return err
						}
					}
					fmt.Fprintf(c.App.Writer, "committer %s written to %s\n", crypto.PubkeyToAddress(k.PublicKey), out)
					return nil
				},
			},
			{
				Name:  "new-builder",
				Usage: "generate the builder BLS key that signs our bids (EIP-2335 keystore; based run --builder.key)",
				Flags: []cli.Flag{
					&cli.PathFlag{Name: flagOut, Usage: "keystore file to create (mode 0600, never overwritten)", Required: true},
					&cli.PathFlag{Name: flagPasswordFile, Usage: "password file", Required: true},
				},
				Action: func(c *cli.Context) error {
					pw, err := keys.ReadPassword(c.Path(flagPasswordFile))
					if err != nil {
						return cli.Exit(fmt.Sprintf("--%s: %v", flagPasswordFile, err), 2)
					}
					pub, err := keys.WriteBLSKeystore(c.Path(flagOut), pw, keystore.StandardScryptN)
					if err != nil {
						return cli.Exit(err.Error(), 1)
					}
					fmt.Fprintf(c.App.Writer, "builder key 0x%x written to %s\n", pub, c.Path(flagOut))
					return nil
				},
			},
			{
				Name:  "show-committer",
				Usage: "print the address of a committer key file",
				Flags: []cli.Flag{
					&cli.PathFlag{Name: flagKeyFile, Usage: "keystore v3 or hex key file", Required: true},
					&cli.PathFlag{Name: flagPasswordFile, Usage: "password file of a keystore"},
				},
				Action: func(c *cli.Context) error {
					k, err := keys.LoadCommitter(c.Path(flagKeyFile), c.Path(flagPasswordFile))
					if err != nil {
						return cli.Exit(err.Error(), 1)
					}
					fmt.Fprintln(c.App.Writer, crypto.PubkeyToAddress(k.PublicKey).Hex())
					return nil
				},
			},
			{
				Name:  "validators",
				Usage: "list our validators' public keys (from keystores or a public key file)",
				Flags: validatorFlags(),
				Action: func(c *cli.Context) error {
					vs, err := loadValidators(c)
					if err != nil {
						return cli.Exit(err.Error(), 2)
					}
					if len(vs) == 0 {
						return cli.Exit(fmt.Sprintf("give --%s (with --%s) or --%s", flagValidatorKeys, flagValidatorPass, flagValidatorPubs), 2)
					}
					for _, v := range vs {
						signs := "public key only"
						if v.Secret != nil {
							signs = "secret key loaded"
						}
						fmt.Fprintf(c.App.Writer, "0x%x  %s\n", v.Pubkey[:], signs)
					}
					return nil
				},
			},
		},
	}
}
