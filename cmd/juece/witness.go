package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"

	"juece/store"
)

// auditWitness fetches the latest checkpoint a server publishes (--from, its /public/checkpoint)
// and keeps it in --dir, after checking its signature and that it extends the last one kept:
// following each checkpoint's prev line back, fetching those in between, until the last kept
// one. A checkpoint that does not extend it is refused: the history was rewritten, or the
// server is showing different histories to different witnesses.
func auditWitness(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("audit witness", flag.ContinueOnError)
	fset.SetOutput(stderr)
	from := fset.String("from", "", "the server's checkpoint address, e.g. https://juece.example.gov.cn/public/checkpoint")
	dir := fset.String("dir", "", "the folder to keep the checkpoints in")
	if err := fset.Parse(args); err != nil {
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("audit witness: unexpected argument %q", fset.Arg(0))
	}
	if *from == "" || *dir == "" {
		return errors.New("audit witness: say --from URL and --dir DIR")
	}
	base, err := url.Parse(*from)
	if err != nil || (base.Scheme != "https" && base.Scheme != "http") {
		return fmt.Errorf("audit witness: --from %q is not an http(s) address", *from)
	}
	w := &witness{ctx: ctx, base: base, client: &http.Client{Timeout: 30 * time.Second}}

	kept, err := store.ReadCheckpoints(*dir)
	if err != nil {
		return fmt.Errorf("audit witness: %s: %w", *dir, err)
	}
	keys, err := os.ReadFile(store.CheckpointPubFile(*dir))
	first := errors.Is(err, os.ErrNotExist)
	if err != nil && !first {
		return err
	}
	// The keys: taken on first use (compare them with what the publisher announces elsewhere);
	// later only ever added to by a rotation that keeps every key already kept.
	served, err := w.get(base.String() + ".pub")
	if err != nil {
		return err
	}
	if !first {
		for _, k := range strings.Fields(string(keys)) {
			if !slices.Contains(strings.Fields(string(served)), k) {
				return fmt.Errorf("audit witness: 拒绝：服务器公布的验证公钥不再包含已保存的公钥 %s（密钥被替换而非轮换）", k)
			}
		}
	}
	latestNote, err := w.get(base.String())
	if err != nil {
		return err
	}
	latest, err := store.OpenCheckpointNote(latestNote, string(served))
	if err != nil {
		return fmt.Errorf("audit witness: %s: %w", base, err)
	}
	notes := map[int64][]byte{latest.Size: latestNote}
	if len(kept) > 0 {
		last := kept[len(kept)-1]
		switch {
		case latest.Size < last.Size:
			return fmt.Errorf("audit witness: 拒绝：服务器的最新检查点记载 %d 个事件，少于已保存的 %d 个（历史被截短或回退）", latest.Size, last.Size)
		case latest.Size == last.Size && latest.Hash != last.Hash:
			return fmt.Errorf("audit witness: 拒绝：第 %d 个事件的哈希，服务器为 %s，已保存的为 %s（历史被改写）", last.Size, latest.Hash, last.Hash)
		case latest.Size == last.Size:
			fmt.Fprintf(stdout, "没有新的检查点：已保存至第 %d 个事件\n", last.Size)
			return store.KeepCheckpoints(*dir, string(served), nil)
		}
		// Back along the prev lines to the last kept checkpoint.
		cur := latest
		for cur.Prev.Size > last.Size {
			msg, err := w.get(base.JoinPath("..", "checkpoints", store.CheckpointFileName(cur.Prev.Size)).String())
			if err != nil {
				return err
			}
			prev, err := store.OpenCheckpointNote(msg, string(served))
			if err != nil {
				return fmt.Errorf("audit witness: checkpoint %d: %w", cur.Prev.Size, err)
			}
			if prev.Size != cur.Prev.Size || prev.Hash != cur.Prev.Hash {
				return fmt.Errorf("audit witness: 拒绝：检查点 %d 记载的前一检查点（%d，%s）与服务器提供的（%d，%s）不符",
					cur.Size, cur.Prev.Size, cur.Prev.Hash, prev.Size, prev.Hash)
			}
			notes[prev.Size] = msg
			cur = prev
		}
		if cur.Prev.Size != last.Size || cur.Prev.Hash != last.Hash {
			return fmt.Errorf("audit witness: 拒绝：服务器的检查点不延续已保存的第 %d 个事件的检查点（%s）：它之前是（%d，%s）。历史被改写，或向不同的见证人展示了不同的历史",
				last.Size, last.Hash, cur.Prev.Size, cur.Prev.Hash)
		}
	} else {
		fmt.Fprintf(stdout, "首次见证：已保存服务器的验证公钥，请与发布方另行公布的公钥核对：\n%s", served)
	}
	if err := store.KeepCheckpoints(*dir, string(served), notes); err != nil {
		return fmt.Errorf("audit witness: %w", err)
	}
	fmt.Fprintf(stdout, "已保存 %d 个检查点，最新记载 %d 个事件，链头 %s\n", len(notes), latest.Size, latest.Hash)
	return nil
}

type witness struct {
	ctx    context.Context
	base   *url.URL
	client *http.Client
}

// get fetches one small text file.
func (w *witness) get(u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(w.ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	res, err := w.client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("audit witness: %w", err)
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("audit witness: %s: %s", u, res.Status)
	}
	return io.ReadAll(io.LimitReader(res.Body, 64<<10))
}
