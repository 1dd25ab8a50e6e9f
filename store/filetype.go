package store

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path"
	"strings"
	"unicode/utf8"
)

// What juece accepts as an attachment is decided from the file's content, not its name alone:
// the first bytes say what it is, the name's extension must agree, text must be UTF-8 and
// office documents must be the packages they claim to be; markup and scripts are never kept.

// fileKind is a kind of content juece accepts as an attachment.
type fileKind string

const (
	filePDF   fileKind = "PDF"
	filePNG   fileKind = "PNG 图片"
	fileJPEG  fileKind = "JPEG 图片"
	fileText  fileKind = "纯文本"
	fileOOXML fileKind = "Office 文档"
	fileODF   fileKind = "ODF 文档"
)

// attachmentExtensions maps each accepted extension to the content it promises and the Content-Type kept.
var attachmentExtensions = map[string]struct {
	kind  fileKind
	ctype string
	odf   string // the ODF package's mimetype entry
}{
	".pdf":  {filePDF, "application/pdf", ""},
	".png":  {filePNG, "image/png", ""},
	".jpg":  {fileJPEG, "image/jpeg", ""},
	".jpeg": {fileJPEG, "image/jpeg", ""},
	".txt":  {fileText, "text/plain", ""},
	".csv":  {fileText, "text/plain", ""},
	".docx": {fileOOXML, "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ""},
	".xlsx": {fileOOXML, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ""},
	".pptx": {fileOOXML, "application/vnd.openxmlformats-officedocument.presentationml.presentation", ""},
	".odt":  {fileODF, "application/vnd.oasis.opendocument.text", "application/vnd.oasis.opendocument.text"},
	".ods":  {fileODF, "application/vnd.oasis.opendocument.spreadsheet", "application/vnd.oasis.opendocument.spreadsheet"},
	".odp":  {fileODF, "application/vnd.oasis.opendocument.presentation", "application/vnd.oasis.opendocument.presentation"},
}

// attachmentTypes is the Content-Type kept for content whose name has no extension.
var attachmentTypes = map[fileKind]string{filePDF: "application/pdf", filePNG: "image/png", fileJPEG: "image/jpeg", fileText: "text/plain"}

// markupSigns is what HTML, SVG, XML and script look like; found in a file's first bytes, the file is
// refused whatever its name says.
var markupSigns = []string{"<!doctype", "<html", "<head", "<body", "<script", "<iframe", "<svg", "<?xml", "<object", "<embed"}

// unsupportedFile is the message for a file type juece does not take.
const unsupportedFile = "不支持该文件类型。可上传 PDF、PNG、JPEG、UTF-8 纯文本（.txt、.csv）、.docx、.xlsx、.pptx、.odt、.ods、.odp 文件。"

// CheckContent decides by the content, never by the name alone, whether a spooled file is
// accepted, and with which Content-Type it is kept. problem is the Chinese message shown next to
// the file field when it is refused; err is a failure to read the file.
func CheckContent(label string, up *Upload) (ctype, problem string, err error) {
	f, err := up.Open()
	if err != nil {
		return "", "", err
	}
	defer f.Close()
	head := make([]byte, 512)
	n, err := io.ReadFull(f, head)
	if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) && !errors.Is(err, io.EOF) {
		return "", "", fmt.Errorf("store: read upload: %w", err)
	}
	head = head[:n]
	sniffed := http.DetectContentType(head)

	lower := bytes.ToLower(head)
	if strings.HasPrefix(sniffed, "text/html") || strings.HasPrefix(sniffed, "text/xml") ||
		bytes.HasPrefix(bytes.TrimLeft(bytes.TrimPrefix(lower, []byte("\xef\xbb\xbf")), " \t\r\n\f"), []byte("<")) {
		return "", "文件内容是网页（HTML）、XML 或脚本，不能作为附件上传。", nil
	}
	for _, m := range markupSigns {
		if bytes.Contains(lower, []byte(m)) {
			return "", "文件内容含有网页（HTML）或脚本代码，不能作为附件上传。", nil
		}
	}

	var kind fileKind
	switch {
	case bytes.HasPrefix(head, []byte("%PDF-")):
		kind = filePDF
	case bytes.HasPrefix(head, []byte("\x89PNG\r\n\x1a\n")):
		kind = filePNG
	case bytes.HasPrefix(head, []byte("\xff\xd8\xff")):
		kind = fileJPEG
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		kind = fileOOXML // or ODF: the name and the package's entries tell which
	case sniffed == "text/plain; charset=utf-8":
		kind = fileText
	default:
		return "", unsupportedFile, nil
	}

	ext := strings.ToLower(path.Ext(label))
	want, known := attachmentExtensions[ext]
	switch {
	case ext == "" && kind != fileOOXML:
		ctype = attachmentTypes[kind]
	case !known:
		return "", unsupportedFile, nil
	case kind == fileOOXML && (want.kind == fileOOXML || want.kind == fileODF):
		ctype, kind = want.ctype, want.kind
	case kind != want.kind:
		what := string(kind)
		if kind == fileOOXML {
			what = "压缩包（Office/ODF 文档）"
		}
		return "", fmt.Sprintf("文件内容与扩展名不符：文件名为 %s，内容却是%s。请确认文件后重新上传。", ext, what), nil
	default:
		ctype = want.ctype
	}

	switch kind {
	case fileText:
		ok, err := fileIsUTF8(f)
		if err != nil {
			return "", "", err
		}
		if !ok {
			return "", "纯文本文件须为 UTF-8 编码。GBK 等编码的文件请另存为 UTF-8，或转为 PDF 后上传。", nil
		}
	case fileOOXML, fileODF:
		if !officePackage(f, up.Size, kind, want.odf) {
			return "", fmt.Sprintf("文件不是有效的 %s 文档（扩展名 %s 与内容不符或文件已损坏）。", strings.TrimPrefix(ext, "."), ext), nil
		}
	}
	return ctype, "", nil
}

// fileIsUTF8 reads the whole file, a buffer at a time, and reports whether it is valid UTF-8.
func fileIsUTF8(f *os.File) (bool, error) {
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return false, err
	}
	r := bufio.NewReaderSize(f, 64<<10)
	for {
		c, size, err := r.ReadRune()
		if errors.Is(err, io.EOF) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
		if c == utf8.RuneError && size == 1 {
			return false, nil
		}
	}
}

// officePackage reports whether the zip file is an OOXML package (it has [Content_Types].xml) or,
// for ODF, one whose mimetype entry names the expected type.
func officePackage(f *os.File, size int64, kind fileKind, odfType string) bool {
	z, err := zip.NewReader(f, size)
	if err != nil {
		return false
	}
	for _, e := range z.File {
		switch {
		case kind == fileOOXML && e.Name == "[Content_Types].xml":
			return true
		case kind == fileODF && e.Name == "mimetype":
			rc, err := e.Open()
			if err != nil {
				return false
			}
			b, err := io.ReadAll(io.LimitReader(rc, 128))
			rc.Close()
			return err == nil && strings.TrimSpace(string(b)) == odfType
		}
	}
	return false
}
