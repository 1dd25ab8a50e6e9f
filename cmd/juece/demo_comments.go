package main

import (
	"fmt"
	"strings"
	"time"

	"juece/store/textclean"
	"juece/workflow"
)

// campaign is one opinion that many people sent from the portal, each typing it a little
// differently, and the one answer given to all of them at once on the comments page.
type campaign struct {
	body   string
	n      int
	disp   workflow.Disposition
	reason string
}

// campaigns records the comments of cs from the portal, spread over the days from to to,
// then on day disposed disposes of each campaign's pending comments (those whose text is the
// same but for punctuation, spaces, width and case) with one command, as the clerk does; with
// disposed 0 they are left for the clerk.
func (t *timeline) campaigns(from, to, disposed int, cs ...campaign) {
	k := 0
	for _, c := range cs {
		for range c.n {
			body := typedBy(c.body, k)
			day := from + k*7%(to-from+1)
			k++
			t.add(step{day: day, who: "public", what: "公众提交意见",
				do: func(d *workflow.Decision, _ workflow.Actor, at time.Time) error {
					_, err := t.s.tx.AddPublicComment(t.s.ctx, at, d.ID, workflow.Comment{Body: body})
					return err
				}})
		}
	}
	if disposed == 0 {
		return
	}
	for _, c := range cs {
		key := textclean.GroupKey(c.body)
		t.add(step{day: disposed, who: t.clerk, what: "批量处理公众意见",
			cmd: func(d *workflow.Decision) workflow.Command {
				var ids []int64
				for _, x := range d.Comments {
					if x.Disposition == workflow.DispositionNone && textclean.GroupKey(x.Body) == key {
						ids = append(ids, x.ID)
					}
				}
				return &workflow.DisposeComments{CommentIDs: ids, Disposition: c.disp, Reason: c.reason}
			}})
	}
}

// typedBy is body as the k-th citizen typed it: with or without its final punctuation, with
// spaces, in full-width digits, or with the words of a form letter around it.
func typedBy(body string, k int) string {
	switch k % 6 {
	case 1:
		return strings.TrimRight(body, "。") + "！"
	case 2:
		return strings.ReplaceAll(body, "，", " ")
	case 3:
		return strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r - '0' + '０'
			}
			return r
		}, body)
	case 4:
		return strings.TrimRight(body, "。") + "!!!"
	case 5:
		return fmt.Sprintf(" %s ", body)
	}
	return body
}

// fareCampaigns are the fare consultation's comments at volume: 300 more from the portal, most
// of them the same few opinions.
var fareCampaigns = []campaign{
	{"普通车票价从1元涨到2元，涨幅太大，难以接受。", 96, workflow.DispositionNotAdopted,
		"统一票价后使用电子支付实付1.6元，并有换乘优惠，通勤乘客实际负担增加有限；分档票价不利于线网优化和车辆更新。"},
	{"学生优惠应当保留。", 60, workflow.DispositionAdopted, "学生卡5折优惠保留并全年有效，已在方案中明确。"},
	{"老年人免费乘车政策不能取消。", 54, workflow.DispositionAdopted, "65周岁以上老年人继续免费乘车，方案未作调整。"},
	{"建议延长公交末班车时间，晚上9点收车太早。", 42, workflow.DispositionPartly,
		"意见已转市交通运输局，在线网优化中对客流较大的8条线路延长末班车至22:30。"},
	{"支持票价调整，希望同步提高公交服务质量。", 30, workflow.DispositionAdopted,
		"票价增收部分的40%用于新能源车辆更新和服务提升，已写入草案第二稿。"},
	{"小区门口乱停车没人管。", 12, workflow.DispositionIrrelevant, "不属于本次票价调整事项，已转市城市管理局处理。"},
	{"建议把换乘优惠时间从60分钟延长到90分钟，外围片区换乘等车时间长。", 6, workflow.DispositionDuplicate,
		"与第50天林女士的意见相同，已一并答复：跨片区换乘放宽至90分钟。"},
}

// estateCampaigns are comments on the old-estates plan still open for comment, awaiting the
// clerk on the comments page.
var estateCampaigns = []campaign{
	{body: "加装电梯应纳入改造内容，老人上下楼太难。", n: 36},
	{body: "施工期间要控制噪音，晚上和午休时间不要施工。", n: 24},
	{body: "小区停车位太少，改造时应增加停车位。", n: 18},
	{body: "建议公开每个小区的改造预算和施工单位。", n: 6},
}
