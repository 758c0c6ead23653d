package main

import (
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"text/tabwriter"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/preconf"
	"github.com/basedsidecar/based/sidecar/chain"
)

const flagJSON = "json"

func lookaheadCommand() *cli.Command {
	return &cli.Command{
		Name:  "lookahead",
		Usage: "print the proposers of the current and next epoch, marking our validators' slots",
		Flags: append([]cli.Flag{
			beaconFlag(),
			&cli.Int64Flag{Name: flagDeadlineMS, Usage: "commitment deadline in ms into the slot before ours (0: two thirds of a slot)"},
			&cli.BoolFlag{Name: flagJSON, Usage: "print JSON instead of a table"},
		}, validatorFlags()...),
		Action: func(c *cli.Context) error {
			urls := c.StringSlice(flagBeaconURL)
			if len(urls) == 0 {
				return cli.Exit("--"+flagBeaconURL+" is required", 2)
			}
			vs, err := loadValidators(c)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			ours := map[preconf.BLSPubkey]common.Address{}
			for _, v := range vs {
				ours[v.Pubkey] = common.Address{}
			}
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			v, err := chain.New(c.Context, chain.Config{
				BeaconURLs: urls,
				Deadline:   time.Duration(c.Int64(flagDeadlineMS)) * time.Millisecond,
				Validators: ours,
			}, log, nil)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			defer v.Close()
			if err := v.Once(c.Context); err != nil {
				return cli.Exit(err.Error(), 1)
			}
			return printLookahead(c.App.Writer, v, c.Bool(flagJSON))
		},
	}
}

// lookaheadEntry is one slot as `based lookahead --json` prints it.
type lookaheadEntry struct {
	Slot           uint64    `json:"slot"`
	Epoch          uint64    `json:"epoch"`
	ValidatorIndex uint64    `json:"validatorIndex"`
	Pubkey         string    `json:"pubkey"`
	Ours           bool      `json:"ours"`
	Start          time.Time `json:"start"`
	Deadline       time.Time `json:"deadline"`
}

func printLookahead(w io.Writer, v *chain.View, asJSON bool) error {
	clock, _ := v.Clock()
	var out []lookaheadEntry
	for _, d := range v.Duties() {
		out = append(out, lookaheadEntry{
			Slot: d.Slot, Epoch: clock.Epoch(d.Slot), ValidatorIndex: d.ValidatorIndex,
			Pubkey: fmt.Sprintf("0x%x", d.Pubkey[:]), Ours: d.Ours,
			Start: clock.SlotStart(d.Slot).UTC(), Deadline: d.Deadline.UTC(),
		})
	}
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	fmt.Fprintf(w, "clock slot %d (epoch %d)\n", v.ClockSlot(), clock.Epoch(v.ClockSlot()))
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "SLOT\tEPOCH\tINDEX\tPUBKEY\tOURS\tSTART\tDEADLINE")
	for _, e := range out {
		ours := ""
		if e.Ours {
			ours = "yes"
		}
		fmt.Fprintf(tw, "%d\t%d\t%d\t%s…\t%s\t%s\t%s\n", e.Slot, e.Epoch, e.ValidatorIndex, e.Pubkey[:14], ours,
			e.Start.Format("15:04:05.000"), e.Deadline.Format("15:04:05.000"))
	}
	return tw.Flush()
}
