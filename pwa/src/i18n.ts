// Words on screen. Vietnamese first; English as a second language. The
// Vietnamese names of DESIGN.md's "Words on screen" are fixed: screen readers
// and outside tests find controls by them.
import { signal } from '@preact/signals';

export type Lang = 'vi' | 'en';
export const lang = signal<Lang>('vi');

import { codesEn, codesVi, fieldsEn, fieldsVi, type Dict } from './i18n-fields';

const vi: Dict = {
  app: 'CLB Liên thế hệ',
  // login and PIN (fixed names)
  username: 'Tên đăng nhập', password: 'Mật khẩu', login: 'Đăng nhập', pin: 'Mã PIN',
  save_pin: 'Lưu mã PIN', unlock: 'Mở khóa', logout: 'Đăng xuất',
  pin_intro: 'Đặt mã PIN (4–8 chữ số) để mở ứng dụng lần sau, kể cả khi không có mạng.',
  pin_wrong: 'Mã PIN không đúng.', pin_bad: 'Mã PIN gồm 4 đến 8 chữ số.',
  unlock_intro: 'Nhập mã PIN để mở ứng dụng.',
  forgot_pin: 'Quên mã PIN? Đăng nhập lại',
  session_expired: 'Phiên làm việc đã quá 30 ngày. Hãy kết nối mạng và đăng nhập lại. Các thay đổi chưa gửi vẫn được giữ.',
  login_needed: 'Cần đăng nhập lại. Các thay đổi chưa gửi vẫn được giữ trên máy.',
  login_offline: 'Không có mạng. Lần đăng nhập đầu tiên cần có mạng.',
  // nav (fixed names)
  nav_home: 'Trang chủ', nav_members: 'Thành viên', nav_meetings: 'Sinh hoạt', nav_fund: 'Quỹ',
  nav_loans: 'Vay vốn', nav_health: 'Sức khỏe', nav_sync: 'Đồng bộ', nav_dashboard: 'Tổng quan', nav_reports: 'Báo cáo',
  nav_visits: 'Thăm tại nhà', nav_trainings: 'Tập huấn', nav_review: 'Cần xem lại',
  nav_clubs: 'Câu lạc bộ', nav_villages: 'Thôn', nav_users: 'Tài khoản', nav_assessments: 'Đánh giá câu lạc bộ',
  nav_targets: 'Chỉ tiêu', nav_outreach: 'Truyền thông', nav_officer_trainings: 'Tập huấn cán bộ', nav_commune: 'Thông tin xã',
  nav_station: 'Theo dõi huyết áp',
  main_nav: 'Điều hướng chính', whole_commune: 'Cả xã (chọn câu lạc bộ)',
  wd0: 'Chủ nhật', wd1: 'Thứ Hai', wd2: 'Thứ Ba', wd3: 'Thứ Tư', wd4: 'Thứ Năm', wd5: 'Thứ Sáu', wd6: 'Thứ Bảy',
  // sync (fixed names)
  sync_now: 'Đồng bộ ngay', waiting: '{n} thay đổi chờ gửi', last_sync: 'Đồng bộ lần cuối: {t}', never_synced: 'Chưa đồng bộ lần nào',
  online: 'Có mạng', offline: 'Không có mạng', syncing: 'Đang đồng bộ…', pull_progress: 'Đang tải dữ liệu: {n}/{m}', needs_attention: '{n} thay đổi cần xem lại',
  export_unsent: 'Xuất dữ liệu chưa gửi', import_changes: 'Nhập tệp thay đổi',
  export_warning: 'Tệp này chứa dữ liệu cá nhân, kể cả dữ liệu sức khỏe của thành viên. Chỉ gửi cho cán bộ xã hoặc chính bạn, không chia sẻ công khai. Tiếp tục?',
  imported: 'Đã nhập {n} thay đổi.', import_bad: 'Tệp không đúng định dạng.',
  logout_warn: 'Còn {n} thay đổi chưa gửi. Sau khi đăng xuất, chúng chỉ được gửi khi chính bạn đăng nhập lại trên máy này. Nên đồng bộ hoặc xuất dữ liệu trước. Vẫn đăng xuất?',
  logout_confirm: 'Đăng xuất sẽ xóa dữ liệu đã tải về khỏi máy này. Tiếp tục?',
  clock_wrong: 'Đồng hồ của điện thoại đang sai giờ. Ứng dụng đã tự chỉnh theo giờ máy chủ; hãy chỉnh lại giờ điện thoại.',
  account_disabled: 'Tài khoản đã bị khóa. Dữ liệu đã tải về đã được xóa; các thay đổi chưa gửi vẫn giữ để xuất ra tệp.',
  client_too_old: 'Ứng dụng cần cập nhật. Đang tải phiên bản mới…',
  update_ready: 'Có phiên bản mới', update_apply: 'Cập nhật', update_applying: 'Đang cập nhật…',
  update_offline: 'Cần cập nhật ứng dụng nhưng đang không có mạng. Ứng dụng sẽ tự cập nhật khi có mạng; các thay đổi vẫn được giữ trên máy.',
  storage_full: 'Bộ nhớ của máy đã đầy: thay đổi vừa rồi CHƯA được lưu. Hãy xóa bớt ảnh, video hoặc ứng dụng không dùng, rồi nhập lại.',
  update_failed: 'Chưa tải được phiên bản mới. Hãy đóng hẳn ứng dụng rồi mở lại khi có mạng; các thay đổi vẫn được giữ trên máy.',
  db_blocked: 'Ứng dụng đang mở ở một cửa sổ khác. Hãy đóng cửa sổ đó để cập nhật dữ liệu.',
  db_closed: 'Ứng dụng vừa được cập nhật ở một cửa sổ khác nên cửa sổ này đã dừng. Các thay đổi đã lưu vẫn còn. Bấm “Tải lại” để dùng phiên bản mới.',
  reload: 'Tải lại',
  old_version_rejected: 'Thay đổi làm bằng phiên bản cũ của ứng dụng, máy chủ không còn nhận. Hãy xem lại rồi gửi lại.',
  rate_limited: 'Máy chủ đang bận, sẽ thử lại sau.', unavailable: 'Máy chủ tạm thời không ghi được dữ liệu, sẽ thử lại sau.',
  reset_done: 'Dữ liệu đã được tải lại từ đầu.', sync_ok: 'Đồng bộ xong.', sync_failed: 'Chưa đồng bộ được: {e}',
  other_user_changes: '{n} thay đổi của tài khoản khác đang chờ trên máy (chỉ xuất được ra tệp).',
  storage_kept: 'Dữ liệu được giữ chắc chắn trên máy này.', storage_not_kept: 'Máy có thể tự xóa dữ liệu khi đầy bộ nhớ: hãy đồng bộ thường xuyên.', yes: 'có', no: 'không',
  // review
  review_intro: 'Máy chủ không nhận các thay đổi dưới đây. Sửa rồi gửi lại, hoặc bỏ thay đổi. Các thay đổi khác vẫn được gửi bình thường.',
  resend: 'Gửi lại', discard: 'Bỏ thay đổi', discard_confirm: 'Bỏ hẳn thay đổi này? Không thể hoàn tác.',
  review_none: 'Không có thay đổi nào cần xem lại.', server_review: 'Máy chủ ghi nhận cần kiểm tra',
  // errors by code
  'err.invalid_value': 'Giá trị không hợp lệ', 'err.missing_field': 'Thiếu thông tin bắt buộc',
  'err.unknown_entity': 'Loại dữ liệu không được hỗ trợ (ứng dụng cần cập nhật)', 'err.unknown_field': 'Trường không được hỗ trợ (ứng dụng cần cập nhật)',
  'err.clock_ahead': 'Đồng hồ điện thoại chạy nhanh hơn giờ thật', 'err.out_of_scope': 'Tài khoản không có quyền ghi dữ liệu này (ngoài câu lạc bộ/xã của bạn)',
  'err.immutable': 'Sổ sách đã ghi thì không sửa được; hãy hủy (có lý do) rồi ghi lại', 'err.not_found': 'Không tìm thấy dữ liệu trên máy chủ',
  'err.unauthorized': 'Tên đăng nhập hoặc mật khẩu không đúng', 'err.account_disabled': 'Tài khoản đã bị khóa',
  'err.rate_limited': 'Đăng nhập sai quá nhiều lần, hãy thử lại sau ít phút', 'err.forbidden': 'Không có quyền',
  'err.conflict': 'Đã có (trùng)', 'err.reset_required': 'Cần tải lại dữ liệu', 'err.too_large': 'Dữ liệu quá lớn',
  'err.client_too_old': 'Ứng dụng cần cập nhật', 'err.unavailable': 'Máy chủ tạm thời không ghi được dữ liệu',
  'err.invalid_json': 'Dữ liệu gửi lên không đúng định dạng', 'err.offline': 'Không có mạng', 'err.internal': 'Lỗi không mong muốn',
  'err.method_not_allowed': 'Không hỗ trợ', 'err.no_session': 'Chưa đăng nhập',
  'err.duplicate': 'Đã gửi rồi',
  field_label: 'Trường: {f}',
  // common
  save: 'Lưu', cancel: 'Hủy', edit: 'Sửa', back: 'Quay lại', add: 'Thêm mới', delete: 'Xóa', search: 'Tìm kiếm', close: 'Đóng',
  saved: 'Đã lưu trên máy. Sẽ gửi khi có mạng.', saved_online: 'Đã lưu.', none: 'Chưa có dữ liệu.', choose: '— Chọn —', choose_club: 'Chọn câu lạc bộ',
  club: 'Câu lạc bộ', total: 'Tổng', date: 'Ngày', note: 'Ghi chú', language: 'English', void: 'Hủy bút toán',
  void_reason: 'Lý do hủy', voided: 'Đã hủy: {r}', void_needs_reason: 'Cần ghi lý do hủy.', required_mark: '(bắt buộc)',
  // home
  next_meeting: 'Buổi sinh hoạt gần nhất', next_expected: 'Buổi tới (dự kiến): {d}', members_count: 'Thành viên đang sinh hoạt', older_55: '55 tuổi trở lên', older_60: '60 tuổi trở lên', women: 'Nữ',
  fund_ig: 'Quỹ tăng thu nhập', fund_act: 'Quỹ hoạt động', loans_due: 'Khoản vay sắp đến hạn / quá hạn', overdue: 'Quá hạn',
  no_meeting: 'Chưa có buổi sinh hoạt nào.', more: 'Thêm',
  // members (fixed names)
  import_title: 'Nhập từ Excel', import_open: 'Nhập từ Excel',
  import_intro: 'Nhập danh sách thành viên từ tệp Excel (.xlsx) của xã. Tải mẫu, điền mỗi người một dòng, rồi chọn tệp. Ứng dụng kiểm tra từng dòng trước khi nhập; nhập lại cùng danh sách sẽ cập nhật, không tạo trùng.',
  import_template: 'Tải mẫu Excel', import_choose: 'Chọn tệp Excel (.xlsx)',
  import_reading: 'Đang đọc tệp…', import_saving: 'Đang nhập…',
  import_valid: '{n} dòng hợp lệ', import_invalid: '{n} dòng có lỗi', import_errors: 'Dòng có lỗi (sẽ không nhập)',
  import_line: 'Dòng {n}', import_ignored: 'Bỏ qua các cột: {cols}',
  import_go: 'Nhập {n} thành viên', import_other: 'Chọn tệp khác', import_valid_list: 'Xem {n} dòng hợp lệ',
  import_done: 'Đã nhập {n} thành viên. Danh sách sẽ có sau khi đồng bộ.',
  import_offline: 'Cần có mạng để nhập từ Excel.',
  add_member: 'Thêm thành viên', 'f.full_name': 'Họ và tên', 'f.birth_year': 'Năm sinh', 'f.sex': 'Giới tính', 'f.joined_on': 'Ngày vào câu lạc bộ',
  member_search: 'Tìm thành viên', member_left: 'Đã rời CLB', leave: 'Rời câu lạc bộ', show_left: 'Hiện cả người đã rời',
  age: '{n} tuổi', member_profile: 'Hồ sơ thành viên', edit_member: 'Sửa thông tin', attended: 'Có mặt {n}/{m} buổi trong 12 tháng qua', last_meetings: 'Các buổi gần đây',
  contributions: 'Đóng góp', fees_year: 'Năm {y} đã đóng {v}', bp_trend: 'Huyết áp qua {n} lần đo, lần cuối {s}/{d}', bp_trend_caption: 'Đỏ: tâm thu, xanh: tâm trương; vạch vàng: 140 và 90.',
  // meetings (fixed names)
  add_meeting: 'Thêm buổi sinh hoạt', held_on: 'Ngày sinh hoạt', areas: '8 mảng hoạt động', topics: 'Chủ đề mới', attendance: 'Điểm danh',
  months: '{n} tháng', rate_month: '{r} %/tháng', rep_line: 'gốc {p}, lãi {i}',
  present_count: 'Có mặt: {n}/{m}', all_areas: 'Đủ 8 mảng', same_day: 'Đã có buổi sinh hoạt ngày {d}', open_it: 'Mở buổi đó',
  steps: 'Các bước của buổi sinh hoạt', step_attendance: 'Điểm danh', step_contrib: 'Đóng góp', step_repay: 'Trả nợ', step_loans: 'Cho vay', step_cash: 'Tiền mặt',
  skip: 'Bỏ qua', next: 'Tiếp', done: 'Xong', paid_already: '{n} người đã đóng vào quỹ này trong ngày.',
  repay_due: 'Các khoản đến kỳ trả', repaid_already: '{n} khoản đã ghi trả trong ngày.', no_repay_due: 'Không có khoản nào phải trả.',
  days_overdue: 'quá hạn {n} ngày', next_due: 'kỳ tới {d}', due_now: 'Cần trả kỳ này', schedule: 'Lịch trả nợ', principal_short: 'Tiền gốc', interest_short: 'Tiền lãi',
  first_instalment: 'Kỳ đầu {d}: gốc {p}, lãi {i}; các kỳ sau tiền gốc bằng nhau, lãi tính trên số còn nợ.', change_amount: 'Sửa số tiền', repay_total: 'Đã trả: {n} khoản · {v}',
  loans_today: 'Cho vay trong buổi', no_loans_today: 'Chưa có khoản vay mới trong buổi.',
  cash_note: 'Tiền các quỹ trừ {v} đang cho vay chưa thu về.', round_line: 'Thu hội phí: {n} người × {v}', balance_after: 'Còn lại: {v}', interest_line: 'Tiền lãi thu được ({n} lần trả)', row_menu: 'Tùy chọn',
  cash_in_hand: 'Tiền mặt hiện có', lent_out: 'Đang cho vay: {v}', cash_day: 'Thu chi ngày {d}', cash_fees: 'Thu hội phí, đóng góp',
  cash_principal: 'Thu nợ (tiền gốc)', cash_interest: 'Thu tiền lãi', cash_other: 'Thu khác', cash_lent: 'Cho vay ra', all_present: 'Tất cả có mặt', meeting_of: 'Buổi sinh hoạt {d}',
  // fund
  add_round: 'Thu quỹ tại buổi họp', all_paid: 'Tất cả đã đóng', add_entry: 'Ghi thu / chi', amount: 'Số tiền (đồng)', amount_each: 'Mỗi người đóng (đồng)',
  paid_members: 'Thành viên đã đóng', round_total: 'Tổng thu: {v}', balance: 'Số dư', entries: 'Sổ quỹ', fund_size_note: 'Quỹ tăng thu nhập tính cả tiền đang cho vay và tiền lãi.',
  // loans
  add_loan: 'Cho vay mới', add_repayment: 'Ghi trả nợ', outstanding: 'Còn nợ', due_on_l: 'Hạn trả', owes: 'Dư nợ theo thành viên',
  loan_of: 'Khoản vay của {n}', repayments: 'Các lần trả', paid_total: 'Đã trả gốc', no_loans: 'Chưa có khoản vay.',
  void_loan_note: 'Hủy khoản vay sẽ hủy luôn các lần trả của nó.',
  correct_loan: 'Sửa khoản vay (hủy và nhập lại)', correct_save: 'Hủy khoản cũ và lưu khoản mới', correct_reason: 'Lý do sửa (ghi vào khoản vay cũ)',
  correct_loan_note: 'Sổ sách không sửa trực tiếp: khoản vay này sẽ bị hủy với lý do bạn ghi, khoản vay mới được ghi với các số dưới đây, và {n} lần trả còn hiệu lực được hủy rồi ghi lại vào khoản vay mới.',
  loan_corrected: 'Đã hủy khoản vay cũ và ghi khoản vay mới cùng các lần trả. Sẽ gửi khi có mạng.',
  'err.unchanged': 'Chưa có gì thay đổi so với khoản vay cũ', 'err.repaid_exceeds': 'Số tiền gốc nhỏ hơn số gốc đã trả', 'err.already_voided': 'Khoản vay đã bị hủy',
  due_auto: 'Ngày đến hạn (để trống: tính theo thời hạn)',
  // health (fixed names)
  find_member: 'Tìm thành viên', filter_high: 'Huyết áp cao', shown_of: 'Đang hiện {n}/{m} người',
  bp_follow_up: 'Cần theo dõi', follow_up_note: 'Lần đo gần nhất cao và đã quá 30 ngày chưa đo lại. Người rất cao ở trên cùng.',
  follow_up_note_board: 'Lần đo gần nhất cao và đã quá 30 ngày chưa đo lại. Hãy gọi điện hoặc đến nhà, nhắc các bác đến Trạm Y tế xã đo lại; người rất cao ở trên cùng, cần đi ngay.', days_since: 'đo ngày {d}, đã {n} ngày',
  add_reading: 'Ghi số đo', 'f.systolic': 'Huyết áp tâm thu', 'f.diastolic': 'Huyết áp tâm trương', 'f.weight_kg': 'Cân nặng (kg)', 'f.height_cm': 'Chiều cao (cm)',
  'f.measured_on': 'Ngày đo', bmi: 'BMI: {v} ({b})', bp_normal: 'Huyết áp bình thường', bp_high: 'Huyết áp cao (từ 140/90): nên đến Trạm Y tế xã để được khám.',
  bp_urgent: 'Huyết áp rất cao (từ 180/110): cần đến Trạm Y tế xã ngay.',
  bp_high_station: 'Huyết áp cao (từ 140/90): khám, tư vấn và hẹn đo lại trong 30 ngày.', bp_urgent_station: 'Huyết áp rất cao (từ 180/110): cần khám và xử trí ngay, chuyển tuyến nếu cần.', latest: 'Lần đo gần nhất', no_reading: 'Chưa đo',
  'bmi.under': 'thiếu cân', 'bmi.normal': 'bình thường', 'bmi.over': 'thừa cân', 'bmi.obese': 'béo phì',
  next_member: 'Lưu xong, chuyển sang người tiếp theo.', high_list: 'Người có huyết áp cao (lần đo gần nhất)', measured_in_period: 'Đã đo trong kỳ',
  urgent_list: 'Cần đến Trạm Y tế ngay (từ 180/110)', period_from: 'Từ ngày', period_to: 'Đến ngày', readings: 'Các lần đo',
  // visits, trainings
  add_visit: 'Ghi lần thăm', add_training: 'Ghi tập huấn', recipient_member: 'Người được thăm (thành viên)', recipient_other: 'Hoặc tên người được thăm (không phải thành viên)',
  // officer
  so_far: 'đến nay, {d}', review_mid: 'Sơ kết giai đoạn 2026–2030', review_final: 'Tổng kết 2026–2035',
  'u.clubs': 'câu lạc bộ', 'u.reached': 'lượt người', 'u.older_pop': 'người cao tuổi', 'u.times': 'lượt',
  report_number: 'Số văn bản', report_number_hint: 'Ví dụ: 15 (in là "Số: 15/BC-HNCT"); để trống nếu ghi tay.', report_no: 'Số',
  'sec.results': 'Kết quả đạt được', 'sec.shortcomings': 'Tồn tại, hạn chế', 'sec.causes': 'Nguyên nhân', 'sec.proposals': 'Phương hướng và kiến nghị',
  chars: '{n}/{m} ký tự', send_xlsx: 'Lập báo cáo Excel (XLSX)', send_html: 'Lập báo cáo để in (HTML)',
  reports_sent: 'Báo cáo đã gửi', reports_none: 'Chưa có báo cáo nào.', report_made: 'lập lúc {t}',
  home_last_meeting: 'Sinh hoạt gần nhất', home_never: 'chưa có', home_members: '{n} thành viên', home_overdue: '{n} khoản vay quá hạn',
  home_last_sync: 'Máy của CLB gửi dữ liệu lần cuối', home_standard: 'Đạt chuẩn (đánh giá năm {y})', home_not_standard: 'Chưa đạt chuẩn (đánh giá năm {y})',
  home_not_assessed: 'Chưa đánh giá', villages_no_club: 'Thôn chưa có câu lạc bộ', villages_all_served: 'Thôn nào cũng đã có câu lạc bộ.', hard_area: 'vùng khó khăn',
  dashboard: 'Tổng quan chỉ tiêu', period: 'Kỳ báo cáo', half1: '6 tháng đầu năm {y}', half2: '6 tháng cuối năm {y}', year: 'Năm {y}', phase: 'Giai đoạn {p}', custom: 'Tùy chọn',
  show: 'Xem', value: 'Kết quả', target: 'Chỉ tiêu', status: 'Đánh giá', 'st.met': 'Đạt', 'st.not_met': 'Chưa đạt', 'st.no_data': 'Chưa có số liệu', 'st.info': 'Theo dõi',
  figures_from: 'Số liệu lúc {t}', figures_offline: 'Đang không có mạng: hiện số liệu đã tải lúc {t}.', no_figures: 'Chưa có số liệu. Cần có mạng để tải.',
  clubs_table: 'Các câu lạc bộ theo chỉ tiêu', charts: 'Diễn biến qua các kỳ 6 tháng', download_xlsx: 'Tải báo cáo Excel (XLSX)', download_html: 'Tải báo cáo để in (HTML)',
  report_period: 'Báo cáo cho kỳ', downloading: 'Đang tải…', club_detail: 'Chi tiết câu lạc bộ',
  users_intro: 'Tài khoản Ban Chủ nhiệm và Trạm Y tế của xã.', add_user: 'Thêm tài khoản', disable: 'Khóa tài khoản', disabled: 'Đã khóa',
  role: 'Vai trò', new_password: 'Mật khẩu mới (để trống nếu không đổi)', clubs_of_user: 'Câu lạc bộ phụ trách',
  'role.admin': 'Quản trị', 'role.commune_officer': 'Cán bộ xã', 'role.health_worker': 'Trạm Y tế', 'role.club_board': 'Ban Chủ nhiệm',
  need_online: 'Cần có mạng.',
  // assessment checklist
  chk_title: 'Bảng kiểm theo chuẩn (gợi ý)', chk_choose: 'Chọn câu lạc bộ và năm để xem bảng kiểm.',
  chk_basis: 'Tính từ dữ liệu đã tải về máy, từ {f} đến {t}.', chk_actual: 'Thực tế',
  'chk.members': 'Có 50–70 thành viên', 'chk.women': 'Nữ chiếm 60–70%', 'chk.older': 'Người cao tuổi (từ 60 tuổi) chiếm 60–70%',
  'chk.older_women': 'Phụ nữ cao tuổi chiếm từ 50% số người cao tuổi', 'chk.board': 'Ban Chủ nhiệm có 5–7 người',
  'chk.monthly': 'Sinh hoạt đủ mỗi tháng đã qua trong năm', 'chk.areas': 'Hoạt động đủ 8 mảng', 'chk.fund': 'Quỹ tăng thu nhập từ {v} trở lên',
  'chk.volunteers': 'Có ít nhất 5 tình nguyện viên chăm sóc tại nhà',
  chk_months: '{n}/{m} tháng', chk_missing: 'thiếu {v}', chk_score: 'Điểm gợi ý: {s} ({n}/{m} tiêu chí đạt)',
  chk_accept: 'Dùng điểm gợi ý', chk_accepted: 'Đã dùng điểm gợi ý',
  chk_decide: 'Điểm chỉ là gợi ý. "Hoạt động đạt chuẩn" do cán bộ xã quyết định.',
};

const en: Dict = {
  app: 'Intergenerational Club', username: 'Username', password: 'Password', login: 'Log in', pin: 'PIN', save_pin: 'Save PIN', unlock: 'Unlock', logout: 'Log out',
  pin_intro: 'Set a PIN (4–8 digits) to open the app next time, even offline.', pin_wrong: 'Wrong PIN.', pin_bad: 'The PIN has 4 to 8 digits.',
  unlock_intro: 'Enter your PIN to open the app.', forgot_pin: 'Forgot the PIN? Log in again',
  session_expired: 'The session is older than 30 days. Connect and log in again. Unsent changes are kept.',
  login_needed: 'Please log in again. Unsent changes are kept on the phone.', login_offline: 'No network. The first login needs the network.',
  nav_home: 'Home', nav_members: 'Members', nav_meetings: 'Meetings', nav_fund: 'Fund', nav_loans: 'Loans', nav_health: 'Health', nav_sync: 'Sync',
  nav_dashboard: 'Dashboard', nav_reports: 'Reports', nav_visits: 'Home visits', nav_trainings: 'Trainings', nav_review: 'Needs attention',
  nav_clubs: 'Clubs', nav_villages: 'Villages', nav_users: 'Accounts', nav_assessments: 'Club assessments', nav_targets: 'Targets', nav_outreach: 'Outreach',
  nav_officer_trainings: 'Officer trainings', nav_commune: 'Commune', nav_station: 'Blood pressure follow-up', main_nav: 'Main navigation',
  whole_commune: 'Whole commune (choose a club)', wd0: 'Sunday', wd1: 'Monday', wd2: 'Tuesday', wd3: 'Wednesday', wd4: 'Thursday', wd5: 'Friday', wd6: 'Saturday',
  sync_now: 'Sync now', waiting: '{n} changes waiting', last_sync: 'Last sync: {t}', never_synced: 'Never synced', online: 'Online', offline: 'Offline',
  syncing: 'Syncing…', pull_progress: 'Loading data: {n}/{m}', needs_attention: '{n} changes need attention', export_unsent: 'Export unsent changes', import_changes: 'Import a changes file',
  export_warning: 'This file holds personal data, including members\' health data. Send it only to the commune officer or yourself. Continue?',
  imported: 'Imported {n} changes.', import_bad: 'Not a changes file.',
  logout_warn: '{n} changes are not sent. After logging out they are sent only when you log in again on this phone. Sync or export first. Log out anyway?',
  logout_confirm: 'Logging out removes the downloaded data from this phone. Continue?',
  clock_wrong: 'The phone\'s clock is wrong. The app now follows the server\'s time; please fix the phone\'s clock.',
  account_disabled: 'The account is disabled. Downloaded data was removed; unsent changes are kept for export.',
  client_too_old: 'The app must be updated. Loading the new version…',
  update_ready: 'A new version is ready', update_apply: 'Update', update_applying: 'Updating…',
  update_offline: 'The app must be updated but there is no network. It will update itself when online; your changes stay on this phone.',
  storage_full: 'The phone’s storage is full: the last change was NOT saved. Remove some photos, videos or unused apps, then enter it again.',
  update_failed: 'The new version could not be loaded. Close the app fully and open it again when online; your changes stay on this phone.',
  db_blocked: 'The app is open in another window. Close that window to update the data.',
  db_closed: 'The app was updated in another window, so this window stopped. Saved changes are kept. Press “Reload” to use the new version.',
  reload: 'Reload',
  old_version_rejected: 'A change made with an old version of the app that the server no longer takes. Review it and send it again.', rate_limited: 'The server is busy; will retry later.',
  unavailable: 'The server cannot save data right now; will retry later.', reset_done: 'Data was downloaded again from the start.',
  sync_ok: 'Synced.', sync_failed: 'Not synced: {e}', other_user_changes: '{n} changes of another account wait on this phone (export only).',
  storage_kept: 'The data is kept safely on this phone.', storage_not_kept: 'The phone may delete the data when its memory is full: sync often.', yes: 'yes', no: 'no',
  review_intro: 'The server refused the changes below. Fix and resend, or discard. Other changes still go through.',
  resend: 'Resend', discard: 'Discard change', discard_confirm: 'Discard this change for good?', review_none: 'Nothing needs attention.', server_review: 'Flagged by the server',
  'err.invalid_value': 'Invalid value', 'err.missing_field': 'Required information missing', 'err.unknown_entity': 'Unsupported data type (update the app)',
  'err.unknown_field': 'Unsupported field (update the app)', 'err.clock_ahead': 'The phone\'s clock is ahead', 'err.out_of_scope': 'Your account may not write this (outside your club/commune)',
  'err.immutable': 'Book entries cannot be edited; void with a reason and enter again', 'err.not_found': 'Not found on the server',
  'err.unauthorized': 'Wrong username or password', 'err.account_disabled': 'Account disabled', 'err.rate_limited': 'Too many failed logins; try again in a few minutes',
  'err.forbidden': 'Not allowed', 'err.conflict': 'Already exists', 'err.reset_required': 'Data must be reloaded', 'err.too_large': 'Too large',
  'err.client_too_old': 'The app must be updated', 'err.unavailable': 'The server cannot save data right now', 'err.invalid_json': 'Malformed data',
  'err.offline': 'No network', 'err.internal': 'Unexpected error', 'err.method_not_allowed': 'Not supported', 'err.no_session': 'Not logged in', 'err.duplicate': 'Already sent',
  field_label: 'Field: {f}',
  save: 'Save', cancel: 'Cancel', edit: 'Edit', back: 'Back', add: 'Add new', delete: 'Delete', search: 'Search', close: 'Close',
  saved: 'Saved on the phone. It will be sent when online.', saved_online: 'Saved.', none: 'Nothing yet.', choose: '— Choose —', choose_club: 'Choose a club',
  club: 'Club', total: 'Total', date: 'Date', note: 'Note', language: 'Tiếng Việt', void: 'Void entry', void_reason: 'Reason for voiding',
  voided: 'Voided: {r}', void_needs_reason: 'A reason is needed.', required_mark: '(required)',
  next_meeting: 'Latest meeting', next_expected: 'Next (expected): {d}', members_count: 'Active members', older_55: 'Aged 55+', older_60: 'Aged 60+', women: 'Women',
  fund_ig: 'Income-generation fund', fund_act: 'Activity fund', loans_due: 'Loans due soon / overdue', overdue: 'Overdue', no_meeting: 'No meeting yet.', more: 'More',
  all_areas: 'All 8 areas', same_day: 'There is already a meeting on {d}', open_it: 'Open it',
  steps: 'Steps of the meeting', step_attendance: 'Attendance', step_contrib: 'Fees', step_repay: 'Repayments', step_loans: 'Loans', step_cash: 'Cash',
  skip: 'Skip', next: 'Next', done: 'Done', paid_already: '{n} members already paid into this fund that day.',
  repay_due: 'Repayments due', repaid_already: '{n} loans already repaid that day.', no_repay_due: 'Nothing is due.',
  days_overdue: '{n} days overdue', next_due: 'next {d}', due_now: 'Due now', schedule: 'Repayment schedule', principal_short: 'Principal', interest_short: 'Interest',
  first_instalment: 'First instalment {d}: principal {p}, interest {i}; then equal principal, interest on what is still owed.', change_amount: 'Change the amount', repay_total: 'Paid: {n} loans · {v}',
  loans_today: 'Loans given at the meeting', no_loans_today: 'No new loan at this meeting.',
  cash_note: 'The funds less {v} lent out and not yet repaid.', round_line: 'Fees: {n} members × {v}', balance_after: 'Balance: {v}', interest_line: 'Loan interest ({n} repayments)', row_menu: 'Options',
  cash_in_hand: 'Cash in hand', lent_out: 'Lent out: {v}', cash_day: 'Money in and out on {d}', cash_fees: 'Fees and contributions',
  cash_principal: 'Repayments (principal)', cash_interest: 'Interest', cash_other: 'Other income', cash_lent: 'Loans given',
  months: '{n} months', rate_month: '{r} %/month', rep_line: 'principal {p}, interest {i}',
  import_title: 'Import from Excel', import_open: 'Import from Excel',
  import_intro: "Import the member list from the commune's Excel file (.xlsx). Download the template, fill in one person per row, then choose the file. Every row is checked before import; importing the same list again updates people instead of adding twins.",
  import_template: 'Download the Excel template', import_choose: 'Choose an Excel file (.xlsx)',
  import_reading: 'Reading the file…', import_saving: 'Importing…',
  import_valid: '{n} valid rows', import_invalid: '{n} rows with errors', import_errors: 'Rows with errors (not imported)',
  import_line: 'Line {n}', import_ignored: 'Columns ignored: {cols}',
  import_go: 'Import {n} members', import_other: 'Choose another file', import_valid_list: 'See the {n} valid rows',
  import_done: 'Imported {n} members. They appear after the next sync.',
  import_offline: 'Importing from Excel needs the network.',
  add_member: 'Add member', 'f.full_name': 'Full name', 'f.birth_year': 'Birth year', 'f.sex': 'Sex', 'f.joined_on': 'Joined the club on',
  member_search: 'Find a member', member_left: 'Left the club', leave: 'Leave the club', show_left: 'Show members who left', age: 'aged {n}', member_profile: 'Member profile', edit_member: 'Edit details', attended: 'Present at {n} of {m} meetings in the last 12 months', last_meetings: 'Recent meetings',
  contributions: 'Contributions', fees_year: 'Paid {v} in {y}', bp_trend: 'Blood pressure over {n} readings, latest {s}/{d}', bp_trend_caption: 'Red: systolic, green: diastolic; yellow lines: 140 and 90.',
  add_meeting: 'Add meeting', held_on: 'Meeting date', areas: 'The 8 activity areas', topics: 'New topics', attendance: 'Attendance',
  present_count: 'Present: {n}/{m}', all_present: 'All present', meeting_of: 'Meeting of {d}',
  add_round: 'Collect fees at a meeting', add_entry: 'Record income / expense', amount: 'Amount (đồng)', amount_each: 'Each member pays (đồng)',
  paid_members: 'Members who paid', all_paid: 'Everyone paid', round_total: 'Total: {v}', balance: 'Balance', entries: 'Cash book', fund_size_note: 'The income-generation fund includes money lent out and interest.',
  add_loan: 'New loan', add_repayment: 'Record repayment', outstanding: 'Outstanding', due_on_l: 'Due', owes: 'Owed by member',
  loan_of: 'Loan of {n}', repayments: 'Repayments', paid_total: 'Principal repaid', no_loans: 'No loans yet.', void_loan_note: 'Voiding a loan voids its repayments too.',
  correct_loan: 'Correct the loan (void and enter again)', correct_save: 'Void the old loan and save the new one', correct_reason: 'Reason for the correction (kept on the old loan)',
  correct_loan_note: 'Book entries are never edited: this loan is voided with your reason, a new loan is entered with the values below, and its {n} live repayments are voided and entered again against the new loan.',
  loan_corrected: 'The old loan was voided and the new loan entered with its repayments. They will be sent when online.',
  'err.unchanged': 'Nothing differs from the old loan', 'err.repaid_exceeds': 'The principal is less than the principal already repaid', 'err.already_voided': 'The loan is already voided', due_auto: 'Due on (empty: from the term)',
  find_member: 'Find a member', filter_high: 'High blood pressure', shown_of: 'Showing {n} of {m}',
  bp_follow_up: 'Needs follow-up', follow_up_note: 'Latest reading high and not measured again for over 30 days. Very high ones first.',
  follow_up_note_board: 'Latest reading high and not measured again for over 30 days. Call or visit them and remind them to be measured again at the commune health station; very high ones are first and should go now.', days_since: 'measured {d}, {n} days ago',
  add_reading: 'Record a reading', 'f.systolic': 'Systolic blood pressure', 'f.diastolic': 'Diastolic blood pressure', 'f.weight_kg': 'Weight (kg)', 'f.height_cm': 'Height (cm)',
  'f.measured_on': 'Date measured', bmi: 'BMI: {v} ({b})', bp_normal: 'Normal blood pressure', bp_high: 'High blood pressure (140/90 or more): refer to the commune health station.',
  bp_urgent: 'Very high blood pressure (180/110 or more): go to the health station now.',
  bp_high_station: 'High blood pressure (140/90 or more): examine, advise, measure again within 30 days.', bp_urgent_station: 'Very high blood pressure (180/110 or more): examine and treat now, refer if needed.', latest: 'Latest reading', no_reading: 'Not measured',
  'bmi.under': 'underweight', 'bmi.normal': 'normal', 'bmi.over': 'overweight', 'bmi.obese': 'obese', next_member: 'Saved; on to the next member.',
  high_list: 'Members with high blood pressure (latest reading)', measured_in_period: 'Measured in the period', urgent_list: 'Needs the health station now (180/110 or more)',
  period_from: 'From', period_to: 'To', readings: 'Readings',
  add_visit: 'Record a visit', add_training: 'Record a training', recipient_member: 'Visited member', recipient_other: 'Or name of the person visited (not a member)',
  so_far: 'to date, {d}', review_mid: 'Mid-term review 2026–2030', review_final: 'Final review 2026–2035',
  'u.clubs': 'clubs', 'u.reached': 'people reached (per activity)', 'u.older_pop': 'older people', 'u.times': 'times',
  report_number: 'Document number', report_number_hint: 'E.g. 15 (printed "Số: 15/BC-HNCT"); leave empty to write it by hand.', report_no: 'No.',
  'sec.results': 'Results', 'sec.shortcomings': 'Shortcomings', 'sec.causes': 'Causes', 'sec.proposals': 'Directions and proposals',
  chars: '{n}/{m} characters', send_xlsx: 'Make the report (XLSX)', send_html: 'Make the printable report (HTML)',
  reports_sent: 'Reports sent', reports_none: 'No report yet.', report_made: 'made at {t}',
  home_last_meeting: 'Last meeting', home_never: 'none', home_members: '{n} members', home_overdue: '{n} overdue loans',
  home_last_sync: 'Last data from the club\'s phones', home_standard: 'Meets the standard ({y} assessment)', home_not_standard: 'Does not meet the standard ({y} assessment)',
  home_not_assessed: 'Not assessed', villages_no_club: 'Villages without a club', villages_all_served: 'Every village has a club.', hard_area: 'hard area',
  dashboard: 'Indicator dashboard', period: 'Period', half1: 'First half of {y}', half2: 'Second half of {y}', year: 'Year {y}', phase: 'Phase {p}', custom: 'Custom',
  show: 'Show', value: 'Value', target: 'Target', status: 'Status', 'st.met': 'Met', 'st.not_met': 'Not met', 'st.no_data': 'No data', 'st.info': 'Monitored',
  figures_from: 'Figures as of {t}', figures_offline: 'Offline: showing figures loaded at {t}.', no_figures: 'No figures yet. The network is needed to load them.',
  clubs_table: 'Clubs by indicator', charts: 'Over the half-years', download_xlsx: 'Download report (XLSX)', download_html: 'Download printable report (HTML)',
  report_period: 'Report for', downloading: 'Downloading…', club_detail: 'Club detail',
  users_intro: 'Accounts of club boards and the health station.', add_user: 'Add account', disable: 'Disable account', disabled: 'Disabled', role: 'Role',
  new_password: 'New password (leave empty to keep)', clubs_of_user: 'Clubs', 'role.admin': 'Admin', 'role.commune_officer': 'Commune officer',
  'role.health_worker': 'Health station', 'role.club_board': 'Club board', need_online: 'The network is needed.',
  chk_title: 'Checklist against the norms (suggestion)', chk_choose: 'Choose a club and a year to see the checklist.',
  chk_basis: 'From the data on this phone, {f} to {t}.', chk_actual: 'Actual',
  'chk.members': '50–70 members', 'chk.women': 'Women are 60–70%', 'chk.older': 'Older people (60+) are 60–70%',
  'chk.older_women': 'Older women are at least 50% of older members', 'chk.board': 'A board of 5–7',
  'chk.monthly': 'A meeting in every month of the year so far', 'chk.areas': 'All 8 areas covered', 'chk.fund': 'Income-generation fund of {v} or more',
  'chk.volunteers': 'At least 5 home-care volunteers',
  chk_months: '{n}/{m} months', chk_missing: 'missing {v}', chk_score: 'Suggested score: {s} ({n}/{m} items met)',
  chk_accept: 'Use the suggested score', chk_accepted: 'Suggested score in use',
  chk_decide: 'The score is only a suggestion. "Meets the standard" is the officer\'s decision.',
};

function fill(s: string, vars?: Record<string, string | number>): string {
  if (!vars) return s;
  return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
}

export function t(key: string, vars?: Record<string, string | number>): string {
  const d = lang.value === 'en' ? en : vi;
  return fill(d[key] ?? vi[key] ?? key, vars);
}

/** Label of a field (entity-specific first). */
export function fl(entity: string, name: string): string {
  const en_ = lang.value === 'en';
  const d = en_ ? fieldsEn : fieldsVi;
  const fixed = (en_ ? en : vi)[`f.${name}`];
  return d[`${entity}.${name}`] ?? fixed ?? d[name] ?? fieldsVi[name] ?? name;
}

/** Label of a code value of a field. */
export function cl(fieldName: string, code: string, entity?: string): string {
  const d = lang.value === 'en' ? codesEn : codesVi;
  if (code === 'none') return d[`${fieldName}.none`] ?? (lang.value === 'en' ? 'None' : 'Không');
  const own = d[`${fieldName}.${code}`] ?? codesVi[`${fieldName}.${code}`];
  if (own) return own;
  if (entity === 'outreach' && code === 'digital') return d['outreach.digital'];
  if (fieldName === 'purpose' && code === 'services') return d.services_p;
  return d[code] ?? codesVi[code] ?? code;
}

/** Words of a group of screens kept in its own file (e.g. screens/plan/words.ts). */
export function addWords(w: { vi?: Dict; en?: Dict; fieldsVi?: Dict; fieldsEn?: Dict; codesVi?: Dict; codesEn?: Dict }): void {
  Object.assign(vi, w.vi);
  Object.assign(en, w.en);
  Object.assign(fieldsVi, w.fieldsVi);
  Object.assign(fieldsEn, w.fieldsEn);
  Object.assign(codesVi, w.codesVi);
  Object.assign(codesEn, w.codesEn);
}

/** Every Vietnamese string, for the NFC test. */
export const allStrings = (): string[] => [vi, en, fieldsVi, fieldsEn, codesVi, codesEn].flatMap((d) => Object.values(d));

/** Explanation of an error code, in the current language. */
export function errText(code: string, field?: string, entity?: string): string {
  const base = t('err.' + code) !== 'err.' + code ? t('err.' + code) : code;
  return field && field !== 'row_id' && field !== 'id' ? `${base} — ${entity ? fl(entity, field) : field}` : base;
}
