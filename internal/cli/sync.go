package cli

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"siap/internal/hq"
	"siap/store"
)

func (c *cli) syncCmd() *cobra.Command {
	var code string
	cmd := &cobra.Command{
		Use:   "sync [--enrol CODE URL]",
		Short: "send this laptop's interviews to headquarters and bring back its decisions",
		Long: "Send headquarters (siap serve) the interviews that changed since the last sync, encrypted for its\n" +
			"key, and bring back what it holds for this laptop: interviews approved or sent back. A dropped\n" +
			"connection is retried; nothing is sent or received twice, and USB packs mix with syncs in any\n" +
			"order. Without a network nothing is lost: sync again later.\n" +
			"Once, first: siap sync --enrol CODE URL, with the code headquarters printed (siap serve enrol NAME)\n" +
			"and its address. The laptop checks the server against the code and remembers it.",
		Args: func(_ *cobra.Command, args []string) error {
			switch {
			case code == "" && len(args) > 0:
				return usagef(textUnexpectedArg, args[0])
			case code != "" && len(args) != 1:
				return usagef(textSyncEnrolArgs)
			}
			return nil
		},
		ValidArgsFunction: cobra.NoFileCompletions,
		RunE: func(cmd *cobra.Command, args []string) error {
			if code != "" {
				return c.enrol(cmd.Context(), code, args[0])
			}
			return c.sync(cmd.Context())
		},
	}
	cmd.Flags().StringVar(&code, "enrol", "", "enrol this laptop with the code headquarters gave, at the address given after it")
	return cmd
}

func (c *cli) enrol(ctx context.Context, code, url string) error {
	st, form, err := openData(c, false)
	if err != nil {
		return err
	}
	defer st.Close()
	// An enrolment is typed by a person, who tries again: one retry,
	// with the same certificate, covers an answer lost on the way.
	srv, err := hq.Enrol(ctx, st, form.ID, url, code, hq.Options{Tries: 2})
	if err != nil {
		return err
	}
	fmt.Fprintln(c.stdout, textEnrolled.in(c.lang, srv.URL, srv.Name, srv.Fingerprint))
	return nil
}

func (c *cli) sync(ctx context.Context) error {
	st, _, err := openData(c, false)
	if err != nil {
		return err
	}
	defer st.Close()
	res, err := hq.Sync(ctx, st, hq.Options{})
	if err != nil {
		return err
	}
	c.printSync(res)
	return nil
}

func (c *cli) printSync(res hq.Result) {
	switch {
	case res.Sent == 0:
		fmt.Fprintln(c.stdout, textSyncNothingSent.in(c.lang))
	case res.Up.Again:
		fmt.Fprintln(c.stdout, textSyncSentAgain.in(c.lang, c.interviews(res.Sent)))
	default:
		fmt.Fprintln(c.stdout, textSyncSent.in(c.lang, c.interviews(res.Sent), res.Up.Added, res.Up.Updated, res.Up.Unchanged, res.Up.Conflicts))
	}
	if res.Others > 0 {
		fmt.Fprintln(c.stdout, textSyncOthers.in(c.lang, c.interviews(res.Others)))
	}
	if r := res.Received; r == (store.MergeResult{File: r.File}) {
		fmt.Fprintln(c.stdout, textSyncNothingBack.in(c.lang))
	} else {
		fmt.Fprintln(c.stdout, textSyncBack.in(c.lang, r.Added, r.Updated, r.Unchanged, r.Conflicts))
	}
}

// interviews counts interviews in the command line's language.
func (c *cli) interviews(n int) string {
	return counted(c.lang, n, nounInterview)
}
