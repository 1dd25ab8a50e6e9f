package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"time"

	"juece/workflow"
)

// AuditInput is what an audit checks the database against, beyond the database itself.
type AuditInput struct {
	// Checkpoints are the signed checkpoints (ReadCheckpoints), signatures already checked.
	Checkpoints []Checkpoint
	// Witnessed are checkpoints kept by witnesses (ReadCheckpoints on their folders): the
	// database must extend every one of them.
	Witnessed []Checkpoint
	// KeyFound names a signer or verifier key that exists ("" when none): once a key exists,
	// checkpoints do, so finding none means they were removed.
	KeyFound string
	// DataDir holds the attachments to re-hash ("" skips them).
	DataDir string
}

// AuditReport is what an audit found. Problems lists every reason the audit fails, in
// Chinese; an empty list is a pass.
type AuditReport struct {
	Head          ChainHead
	Checkpoints   int
	Witnessed     int
	Unsigned      int64     // events after the latest checkpoint
	UnsignedSince time.Time // the time of the first of them
	Records       RecordsResult
	Files         int // stored files re-hashed
	Problems      []string
}

// OK reports whether the audit passed.
func (r AuditReport) OK() bool { return len(r.Problems) == 0 }

// Audit checks the whole record: the hash chain against the signed and the witnessed
// checkpoints (VerifyChain), that checkpoints exist where a key does, every recorded row
// against the history (VerifyRecords), and every stored file against its hash
// (VerifyAttachments). It reports the events after the latest checkpoint, which no signature
// covers yet. Errors are failures to read; what is wrong with the record is in Problems.
func (db *DB) Audit(ctx context.Context, in AuditInput) (AuditReport, error) {
	var r AuditReport
	r.Checkpoints, r.Witnessed = len(in.Checkpoints), len(in.Witnessed)
	// The chain and the records each read the whole history: side by side, on two readers.
	var recErr error
	recDone := make(chan struct{})
	go func() {
		defer close(recDone)
		r.Records, recErr = db.VerifyRecords(ctx)
	}()
	head, err := db.VerifyChain(ctx, slices.Concat(in.Checkpoints, in.Witnessed))
	<-recDone
	var ce *ChainError
	switch {
	case errors.As(err, &ce):
		r.Problems = append(r.Problems, ce.Error())
		if head, err = db.Head(ctx); err != nil {
			return r, err
		}
	case err != nil:
		return r, err
	}
	if recErr != nil {
		return r, recErr
	}
	r.Head = head
	var last int64
	for _, cp := range in.Checkpoints {
		last = max(last, cp.Size)
	}
	if len(in.Checkpoints) == 0 && in.KeyFound != "" && head.Seq > 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("签名密钥 %s 存在，却没有任何检查点：检查点已被删除，或指定的检查点目录不对", in.KeyFound))
	}
	if head.Seq > last {
		r.Unsigned = head.Seq - last
		var at int64
		if err := db.read.QueryRowContext(ctx, "SELECT at FROM events WHERE seq = ?", last+1).Scan(&at); err != nil && !isNoRows(err) {
			return r, fmt.Errorf("store: audit: %w", err)
		}
		r.UnsignedSince = fromMS(at)
	}
	for _, seq := range r.Records.Bare {
		r.Problems = append(r.Problems, fmt.Sprintf("第 %d 号事件没有记载它写入的数据：本系统写入的每个事件都有，此事件是伪造的，或绕过本系统追加的", seq))
	}
	for _, p := range r.Records.Problems {
		r.Problems = append(r.Problems, p.String())
	}
	if more := r.Records.Total - len(r.Records.Problems); more > 0 {
		r.Problems = append(r.Problems, fmt.Sprintf("另有 %d 行与历史不符，未逐一列出", more))
	}
	if in.DataDir != "" {
		bad, n, err := db.VerifyAttachments(ctx, in.DataDir)
		if err != nil {
			return r, err
		}
		r.Files = n
		for _, a := range bad {
			r.Problems = append(r.Problems, fmt.Sprintf("附件 %d（%s，决策 %d）%s（文件 %s）", a.Attachment.ID, a.Attachment.Label,
				a.Attachment.DecisionID, a.Reason, filepath.Base(AttachmentPath(in.DataDir, a.Attachment.SHA256))))
		}
	}
	return r, nil
}

// UnsignedLine says how many events no checkpoint covers yet, and since when; "" when none.
func (r AuditReport) UnsignedLine() string {
	if r.Unsigned == 0 {
		return ""
	}
	return fmt.Sprintf("unsigned: %d events since %s（最新检查点之后尚未签名的事件 %d 个，最早的是第 %d 号事件）",
		r.Unsigned, r.UnsignedSince.In(workflow.Shanghai).Format("2006-01-02 15:04:05"), r.Unsigned, r.Head.Seq-r.Unsigned+1)
}
