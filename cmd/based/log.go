package main

import (
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/urfave/cli/v2"
)

const (
	flagLogFormat = "log.format"
	flagLogLevel  = "log.level"
)

func logFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: flagLogFormat, Value: "text", Usage: "log format: text or json", EnvVars: []string{"BASED_LOG_FORMAT"}},
		&cli.StringFlag{Name: flagLogLevel, Value: "info", Usage: "log level: debug, info, warn or error", EnvVars: []string{"BASED_LOG_LEVEL"}},
	}
}

// newLogger builds the process logger from --log.format and --log.level.
func newLogger(w io.Writer, format, level string) (*slog.Logger, error) {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(level)); err != nil {
		return nil, fmt.Errorf("--%s: %q is not one of debug, info, warn, error", flagLogLevel, level)
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case "text":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	default:
		return nil, fmt.Errorf("--%s: %q is not one of text, json", flagLogFormat, format)
	}
}

// loggerFrom returns the logger configured by the global flags of c.
func loggerFrom(c *cli.Context) (*slog.Logger, error) {
	return newLogger(c.App.ErrWriter, c.String(flagLogFormat), c.String(flagLogLevel))
}
