package indicators

type label struct{ vi, en, def string }

var labels = map[string]label{
	"new_clubs": {"Số CLB thành lập mới", "New clubs",
		"Số CLB còn hiệu lực của xã có ngày thành lập trong giai đoạn tính đến ngày cuối kỳ (từ 01/01 năm đầu giai đoạn), kể cả CLB đã giải thể. Chỉ tiêu mặc định: 2 (2026–2030), 1 (2031–2035)."},
	"new_clubs_total": {"Số CLB thành lập mới từ năm 2026 (lũy kế)", "New clubs since 2026",
		"Số CLB còn hiệu lực của xã có ngày thành lập từ 01/01/2026 đến ngày cuối kỳ, kể cả CLB đã giải thể: chỉ tiêu \"đến hết năm 2035 thành lập mới ít nhất 03 câu lạc bộ\". Chỉ tiêu mặc định: 3."},
	"older_women_share": {"Tỷ lệ nữ NCT trong số thành viên NCT", "Older women among older members",
		"Số thành viên nữ từ 60 tuổi trở lên / số thành viên từ 60 tuổi trở lên đang sinh hoạt vào ngày cuối kỳ (tuổi = năm của ngày cuối kỳ − năm sinh). Chỉ tiêu: 50% (cận dưới của khoảng 50–60%)."},
	"standard_clubs": {"Số CLB hoạt động đạt chuẩn", "Clubs meeting the standard",
		"Số CLB đang hoạt động có kết quả đánh giá đạt chuẩn: trong các đánh giá của CLB có năm từ (năm đầu kỳ − 1) đến năm cuối kỳ, lấy đánh giá của năm lớn nhất (nếu một năm có nhiều đánh giá, lấy đánh giá ghi sau cùng). Chỉ tiêu: 1."},
	"standard": {"CLB đạt chuẩn", "Club meets the standard",
		"1 nếu đánh giá gần nhất của CLB (năm từ năm đầu kỳ − 1 đến năm cuối kỳ) là đạt chuẩn, ngược lại 0. Chỉ tiêu: 1."},
	"full_activity_share": {"Tỷ lệ CLB sinh hoạt hằng tháng đủ 8 mảng", "Clubs meeting monthly on all 8 areas",
		"Số câu lạc bộ có buổi sinh hoạt trong mọi tháng đã kết thúc, từ tháng đầu kỳ (hoặc tháng thành lập nếu thành lập trong kỳ) đến tháng cuối cùng đã kết thúc trước ngày cuối kỳ (tháng của ngày cuối kỳ chỉ tính khi ngày cuối kỳ là ngày cuối tháng; tháng đang diễn ra không bị tính là chưa sinh hoạt), và các buổi sinh hoạt trong kỳ bao quát đủ 8 mảng hoạt động / số câu lạc bộ đang hoạt động. Chỉ tiêu: 80%."},
	"transformation_share": {"Tỷ lệ CLB thực hiện chuyển đổi số, chuyển đổi xanh, khởi nghiệp", "Clubs doing digital, green or start-up work",
		"Số CLB có ít nhất một buổi sinh hoạt trong kỳ có nội dung chuyển đổi số (Bình dân học vụ số), chuyển đổi xanh hoặc khởi nghiệp, tạo việc làm / số CLB đang hoạt động. Chỉ tiêu: 50%."},
	"board_trained_share": {"Tỷ lệ thành viên Ban Chủ nhiệm được tập huấn", "Board members trained",
		"Số thành viên Ban Chủ nhiệm đã được tập huấn ban đầu (đến ngày cuối kỳ) và được tập huấn (ban đầu hoặc nhắc lại) trong mỗi năm từ năm đầu kỳ (hoặc năm vào Ban Chủ nhiệm, nếu sau) đến năm cuối kỳ — năm cuối kỳ chỉ tính khi kỳ kết thúc ngày 31/12 / số thành viên Ban Chủ nhiệm. Chỉ tiêu: 100%."},
	"fund_share": {"Tỷ lệ CLB có quỹ tăng thu nhập đạt mức sàn", "Clubs whose fund reaches the floor",
		"Số CLB có quỹ tăng thu nhập vào ngày cuối kỳ từ mức sàn trở lên / số CLB đang hoạt động. Quỹ = thu (số dư đầu, đóng góp, ủng hộ, hỗ trợ, gây quỹ) − chi của quỹ tăng thu nhập + lãi cho vay đã thu (khi lãi được đưa vào quỹ tăng thu nhập); cho vay và thu hồi gốc không làm thay đổi quỹ. Chỉ tiêu: 100%."},
	"fund_floor_vnd": {"Mức sàn quỹ tăng thu nhập (đồng)", "Fund floor (đồng)",
		"Mức quỹ tăng thu nhập tối thiểu của mỗi CLB; mặc định 50.000.000 đ (cận dưới của khoảng 50–80 triệu đồng)."},
	"fund_size_vnd": {"Quỹ tăng thu nhập (đồng)", "Income-generation fund (đồng)",
		"Quỹ tăng thu nhập của CLB vào ngày cuối kỳ (cách tính như trên). Chỉ tiêu: mức sàn quỹ."},
	"loan_access_share": {"Tỷ lệ câu lạc bộ đạt chỉ tiêu vay vốn (60% thành viên có nhu cầu được vay hoặc tham gia hoạt động tăng thu nhập)", "Clubs reaching the loan-access threshold",
		"Của CLB: số thành viên có nhu cầu vay vốn đã được vay (khoản vay giải ngân trong kỳ hoặc còn dư nợ vào đầu kỳ) hoặc tham gia nhóm sinh kế / số thành viên có nhu cầu vay vốn; chỉ tiêu mỗi CLB 60%. Của xã: số CLB đạt chỉ tiêu 60% / số CLB có thành viên có nhu cầu vay vốn; chỉ tiêu 100%."},
	"loan_access_club_share": {"Chỉ tiêu vay vốn của mỗi CLB", "Club loan-access threshold",
		"Tỷ lệ mà mỗi CLB cần đạt ở chỉ tiêu vay vốn; mặc định 60%."},
	"outreach_share": {"Tỷ lệ lượt người được truyền thông so với số NCT", "Outreach (people reached, counted per activity)",
		"Tổng số lượt người được tuyên truyền (cộng theo từng hoạt động: một người được tuyên truyền hai lần tính hai lượt, nên tỷ lệ có thể vượt 100%) trong giai đoạn tính đến ngày cuối kỳ / số người cao tuổi của xã. Chỉ tiêu: 30% (2026–2030), 50% (2031–2035)."},
	"officers_trained_share": {"Tỷ lệ cán bộ triển khai Đề án được nâng cao nhận thức", "Officers trained on the plan",
		"Số cán bộ khác nhau (theo họ tên, không phân biệt hoa thường, khoảng trắng và cách mã hóa dấu) được tập huấn nâng cao nhận thức trong giai đoạn tính đến ngày cuối kỳ / số cán bộ tham gia triển khai. Chỉ tiêu: 100%."},
	"bp_checked_share": {"Tỷ lệ NCT được đo huyết áp", "Older members whose blood pressure was checked",
		"Số thành viên từ 60 tuổi có ít nhất một lần đo huyết áp trong kỳ / số thành viên từ 60 tuổi."},
	"high_bp_share": {"Tỷ lệ huyết áp cao", "High blood pressure",
		"Số thành viên có lần đo gần nhất trong kỳ là cao (tâm thu ≥ 140 hoặc tâm trương ≥ 90 mmHg; nếu ngày đo gần nhất có nhiều lần đo, chỉ cần một lần cao) / số thành viên được đo trong kỳ."},
	"members": {"Số thành viên", "Members",
		"Số thành viên đang sinh hoạt vào ngày cuối kỳ (một người ở hai CLB được tính hai lần)."},
	"women_share": {"Tỷ lệ nữ", "Women", "Số thành viên nữ / số thành viên."},
	"older_share": {"Tỷ lệ người cao tuổi", "Older people", "Số thành viên từ 60 tuổi trở lên / số thành viên."},
	"poor_share":  {"Tỷ lệ hộ nghèo, cận nghèo", "Poor and near-poor", "Số thành viên thuộc hộ nghèo hoặc cận nghèo / số thành viên."},
	"loans_outstanding_vnd": {"Dư nợ cho vay (đồng)", "Loans outstanding (đồng)",
		"Tổng dư nợ gốc vào ngày cuối kỳ của các khoản vay (gốc cho vay − gốc đã trả đến ngày cuối kỳ)."},
	"par30_share": {"Tỷ lệ dư nợ quá hạn trên 30 ngày", "Portfolio at risk over 30 days",
		"Dư nợ của các khoản vay quá hạn trên 30 ngày vào ngày cuối kỳ / tổng dư nợ (càng thấp càng tốt)."},
	"attendance_rate": {"Tỷ lệ tham dự sinh hoạt", "Attendance",
		"Tổng số lượt thành viên có mặt / tổng số thành viên đang sinh hoạt, cộng qua các ngày sinh hoạt trong kỳ (các buổi của một CLB trong cùng một ngày tính là một buổi)."},
	"resources_mobilised_vnd": {"Nguồn lực huy động trong kỳ (đồng)", "Resources mobilised (đồng)",
		"Tổng số tiền ủng hộ, tài trợ và gây quỹ (cả quỹ tăng thu nhập và quỹ hoạt động) của các câu lạc bộ đang hoạt động, ghi trong kỳ (Kế hoạch, mục V.3: huy động nguồn lực xã hội hóa)."},
}

// clubLabels are the labels of codes whose club figure counts something
// other than the commune's (the commune's loan access counts clubs, a club's
// counts members).
var clubLabels = map[string]label{
	"loan_access_share": {"Tỷ lệ thành viên có nhu cầu vay vốn được vay hoặc tham gia hoạt động tăng thu nhập", "Members needing a loan who get one or join income work", ""},
}

// ClubLabel returns the labels of a code in a club's list.
func ClubLabel(code string) (vi, en string) {
	if l, ok := clubLabels[code]; ok {
		return l.vi, l.en
	}
	return Label(code)
}

// Label returns the Vietnamese and English labels of an indicator code (the
// code itself for an unknown code).
func Label(code string) (vi, en string) {
	l, ok := labels[code]
	if !ok {
		return code, code
	}
	return l.vi, l.en
}

// Definition returns the Vietnamese definition of an indicator code, as the
// reports print it.
func Definition(code string) string { return labels[code].def }

// IsMoney reports whether the code's value is in đồng.
func IsMoney(code string) bool {
	switch code {
	case "fund_floor_vnd", "fund_size_vnd", "loans_outstanding_vnd", "resources_mobilised_vnd":
		return true
	}
	return false
}

// IsCount reports whether the code is a count (denominator null).
func IsCount(code string) bool {
	switch code {
	case "new_clubs", "new_clubs_total", "standard_clubs", "standard", "fund_floor_vnd", "fund_size_vnd", "members", "loans_outstanding_vnd", "resources_mobilised_vnd":
		return true
	}
	return false
}

// Readings are the readings of the plan INDICATORS.md sets, in Vietnamese,
// printed in the reports' annex; then the project's own readings of
// INDICATORS.md where it is open.
var Readings = []string{
	"Giai đoạn 2 là 2031–2035. Kế hoạch không nêu chỉ tiêu giai đoạn 2 cho sinh hoạt đủ 8 mảng, chuyển đổi, Ban Chủ nhiệm, quỹ và vay vốn; chỉ tiêu mặc định 2031–2035 lặp lại 2026–2030, vì Kế hoạch yêu cầu duy trì chất lượng 100% CLB. Chỉ tiêu do xã nhập chỉ áp dụng cho giai đoạn đã ghi. Các khoảng (\"1–2\", \"01–02\", \"50–60%\") lấy cận dưới.",
	"Số CLB thành lập mới, truyền thông và nâng cao nhận thức cán bộ được tính lũy kế từ đầu giai đoạn đến ngày cuối kỳ, vì chỉ tiêu của Kế hoạch là tổng của cả giai đoạn; số CLB thành lập mới lũy kế được tính từ năm 2026 đến ngày cuối kỳ, so với chỉ tiêu \"đến hết năm 2035 thành lập mới ít nhất 03 câu lạc bộ\".",
	"Sinh hoạt hằng tháng được đánh giá trên các tháng đã kết thúc: tháng đang diễn ra không bị tính là chưa sinh hoạt đối với CLB chưa họp trong tháng.",
	"Truyền thông được cộng theo lượt người của từng hoạt động: một người được tuyên truyền hai lần tính hai lượt, nên tỷ lệ có thể vượt 100%; màn hình và báo cáo ghi rõ \"lượt\".",
	"Kỳ báo cáo không vượt quá ngày hôm nay: với năm hoặc giai đoạn chưa kết thúc, kỳ được tính \"đến nay\" (ngày cuối kỳ là ngày lập báo cáo).",
	"\"Nữ NCT chiếm 50–60%\" được hiểu là tỷ lệ nữ trong số thành viên cao tuổi (Quyết định 1648/QĐ-TTg); chỉ cận dưới 50% quyết định đạt hay chưa đạt.",
	"\"60% thành viên của mỗi CLB có nhu cầu vay vốn được hỗ trợ vay vốn hoặc tham gia hoạt động tăng thu nhập\" được đánh giá theo từng CLB; xã đạt khi mọi CLB có thành viên có nhu cầu vay vốn đều đạt.",
	"Giai đoạn được xác định theo năm của ngày cuối kỳ: đến năm 2030 là 2026–2030, từ 2031 là 2031–2035. Tuổi tính theo năm của ngày cuối kỳ; người cao tuổi là người từ 60 tuổi.",
	"Chỉ tính các bản ghi còn hiệu lực (không bị xóa, không bị hủy); khoản trả nợ chỉ được tính khi khoản vay của nó còn hiệu lực. Chỉ tính các CLB đang hoạt động vào ngày cuối kỳ, trừ số CLB thành lập mới, truyền thông và tập huấn cán bộ.",
}
