package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/ethereum/go-ethereum/rpc"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/urfave/cli/v2"

	"github.com/basedsidecar/based/blocksim"
	"github.com/basedsidecar/based/sidecar/chain"
)

const flagBlocksimAddr = "addr"

// blocksimCommand serves block validation for mev-boost-relay on a stock execution client.
func blocksimCommand() *cli.Command {
	return &cli.Command{
		Name:  "blocksim",
		Usage: "validate builder block submissions for mev-boost-relay (its --blocksim URL) on a stock execution client",
		Description: "Serves flashbots_validateBuilderSubmissionV5 (Fulu) over JSON-RPC on --addr: the payload must be VALID\n" +
			"in engine_newPayloadV4, follow the registered gas limit, carry blobs matching their cell proofs, and\n" +
			"raise the proposer's fee recipient balance by at least the bid's value. /metrics serves based_blocksim_*.",
		Flags: []cli.Flag{
			&cli.StringFlag{Name: flagBlocksimAddr, Value: "127.0.0.1:8547", Usage: "listen address (host:port)", EnvVars: []string{"BASED_BLOCKSIM_ADDR"}},
			&cli.StringFlag{Name: flagExecutionURL, Usage: "execution client JSON-RPC URL", Required: true, EnvVars: []string{"BASED_EXECUTION_URL"}},
			&cli.StringFlag{Name: flagEngineURL, Usage: "execution client Engine API URL", Required: true, EnvVars: []string{"BASED_ENGINE_URL"}},
			&cli.PathFlag{Name: flagJWTSecret, Usage: "file holding the Engine API JWT secret (hex)", Required: true, EnvVars: []string{"BASED_JWT_SECRET"}},
		},
		Action: func(c *cli.Context) error {
			log, err := loggerFrom(c)
			if err != nil {
				return cli.Exit(err.Error(), 2)
			}
			ctx := c.Context
			eth, err := rpc.DialContext(ctx, c.String(flagExecutionURL))
			if err != nil {
				return cli.Exit(fmt.Sprintf("--%s: %v", flagExecutionURL, err), 2)
			}
			defer eth.Close()
			eng, err := chain.DialEngine(ctx, c.String(flagEngineURL), c.Path(flagJWTSecret))
			if errors.Is(err, chain.ErrJWTSecret) {
				return cli.Exit(fmt.Sprintf("--%s: %v", flagJWTSecret, err), 2)
			}
			if err != nil {
				return cli.Exit(fmt.Sprintf("--%s: %v", flagEngineURL, err), 2)
			}
			reg := prometheus.NewRegistry()
			v := blocksim.New(eth, eng.Client(), blocksim.NewMetrics(reg), log)
			h, err := blocksim.Handler(v)
			if err != nil {
				return err
			}
			mux := http.NewServeMux()
			mux.Handle("/metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{}))
			mux.Handle("/", h)
			ln, err := net.Listen("tcp", c.String(flagBlocksimAddr))
			if err != nil {
				return cli.Exit(fmt.Sprintf("--%s: %v", flagBlocksimAddr, err), 2)
			}
			srv := &http.Server{Handler: mux, ReadHeaderTimeout: 5 * time.Second}
			log.Info("block validation serving", "addr", ln.Addr().String())
			go func() {
				<-ctx.Done()
				sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				_ = srv.Shutdown(sctx)
			}()
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
}
