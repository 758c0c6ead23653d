package main

import (
	"fmt"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/urfave/cli/v2"
	"github.com/urfave/cli/v2/altsrc"

	"github.com/basedsidecar/based/sidecar"
)

const (
	flagConfig      = "config"
	flagDataDir     = "datadir"
	flagMetricsAddr = "metrics.addr"
	flagPprof       = "metrics.pprof"
	flagGCPercent   = "runtime.gc-percent"
)

// runFlags lists every flag of `based run`. Each group lives beside the code
// that reads it; all of them can also come from BASED_* variables and the
// --config file.
func runFlags() []cli.Flag {
	fs := []cli.Flag{
		&cli.StringFlag{Name: flagConfig, Usage: "read flag values from this TOML (.toml) or YAML (.yaml, .yml) file; flags and BASED_* variables win over it", EnvVars: []string{"BASED_CONFIG"}, TakesFile: true},
		&cli.PathFlag{Name: flagDataDir, Value: "based-data", Usage: "folder for the commitment log and other durable state", EnvVars: []string{"BASED_DATADIR"}},
		&cli.StringFlag{Name: flagMetricsAddr, Value: "127.0.0.1:9091", Usage: "listen address of the Prometheus /metrics endpoint (empty: off)", EnvVars: []string{"BASED_METRICS_ADDR"}},
		&cli.IntFlag{Name: flagGCPercent, Value: 400, Usage: "Go garbage collection target, as GOGC: collect when the heap has grown by this percent of the live heap (higher: fewer collections in the way of requests, more memory; GOMEMLIMIT caps it); negative: off", EnvVars: []string{"BASED_RUNTIME_GC_PERCENT"}},
		&cli.BoolFlag{Name: flagPprof, Usage: "also serve Go's CPU, heap and trace profiles under /debug/pprof/ on metrics.addr", EnvVars: []string{"BASED_METRICS_PPROF"}},
	}
	fs = append(fs, builderFlags()...)
	fs = append(fs, preconfFlags()...)
	fs = append(fs, chainFlags()...)
	return withConfigFile(fs)
}

func runCommand() *cli.Command {
	flags := runFlags()
	return &cli.Command{
		Name:  "run",
		Usage: "run the sidecar beside a beacon node",
		Description: "Starts the sidecar. Every flag can also be set through its BASED_* environment variable\n" +
			"or a key of the same name in the --config file (TOML or YAML; a dotted flag such as\n" +
			"metrics.addr is the key addr of the table [metrics]). Precedence: flag, environment, file, default.",
		Flags:  flags,
		Before: configSource(flags),
		Action: func(c *cli.Context) error {
			log, err := loggerFrom(c)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			cfg := sidecar.Config{
				DataDir:     c.Path(flagDataDir),
				MetricsAddr: c.String(flagMetricsAddr),
				Pprof:       c.Bool(flagPprof),
			}
			applyBuilderFlags(c, &cfg)
			if err := applyPreconfFlags(c, &cfg); err != nil {
				return cli.Exit(err.Error(), 2)
			}
			if err := applyChainFlags(c, &cfg); err != nil {
				return cli.Exit(err.Error(), 2)
			}
			if err := cfg.Validate(); err != nil {
				return cli.Exit(err.Error(), 2)
			}
			// A collection marks the live heap while requests run; at Go's default
			// of 100 one runs about every second at 2,000 requests/s, and the
			// requests caught in it make the latency tail (BENCHMARKS.md).
			debug.SetGCPercent(c.Int(flagGCPercent))
			return sidecar.Run(c.Context, cfg, log.With("version", version))
		},
	}
}

// configSource loads --config (when given) into the flags that were not set on
// the command line or through the environment.
func configSource(flags []cli.Flag) cli.BeforeFunc {
	return func(c *cli.Context) error {
		path := c.String(flagConfig)
		if path == "" {
			return nil
		}
		var (
			src altsrc.InputSourceContext
			err error
		)
		switch strings.ToLower(filepath.Ext(path)) {
		case ".toml":
			src, err = altsrc.NewTomlSourceFromFile(path)
		case ".yaml", ".yml":
			src, err = altsrc.NewYamlSourceFromFile(path)
		default:
			return cli.Exit(fmt.Sprintf("--%s %s: unknown format; use a .toml, .yaml or .yml file", flagConfig, path), 2)
		}
		if err != nil {
			return cli.Exit(fmt.Sprintf("--%s %s: %v", flagConfig, path, err), 2)
		}
		if err := altsrc.ApplyInputSourceValues(c, src, flags); err != nil {
			return cli.Exit(fmt.Sprintf("--%s %s: %v", flagConfig, path, err), 2)
		}
		return nil
	}
}

// withConfigFile wraps flags so that altsrc can fill them from a config file.
func withConfigFile(fs []cli.Flag) []cli.Flag {
	out := make([]cli.Flag, 0, len(fs))
	for _, f := range fs {
		switch f := f.(type) {
		case *cli.StringFlag:
			out = append(out, altsrc.NewStringFlag(f))
		case *cli.PathFlag:
			out = append(out, altsrc.NewPathFlag(f))
		case *cli.StringSliceFlag:
			out = append(out, altsrc.NewStringSliceFlag(f))
		case *cli.BoolFlag:
			out = append(out, altsrc.NewBoolFlag(f))
		case *cli.IntFlag:
			out = append(out, altsrc.NewIntFlag(f))
		case *cli.Int64Flag:
			out = append(out, altsrc.NewInt64Flag(f))
		case *cli.Uint64Flag:
			out = append(out, altsrc.NewUint64Flag(f))
		case *cli.UintFlag:
			out = append(out, altsrc.NewUintFlag(f))
		case *cli.DurationFlag:
			out = append(out, altsrc.NewDurationFlag(f))
		case *cli.Float64Flag:
			out = append(out, altsrc.NewFloat64Flag(f))
		default:
			out = append(out, f)
		}
	}
	return out
}
