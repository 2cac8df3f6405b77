import type { PhraseBank } from "./bank";

/** Parents call the teachers "thầy cô" and their own child "cháu"; teachers say "em {child}". */
export const vi: PhraseBank = {
  invite:
    "Xin chào! Chúng tôi là giáo viên của em {child}. Chúng tôi rất mong được đến thăm gia đình để làm quen. Gia đình có muốn chúng tôi đến thăm không? Ngày giờ nào thuận tiện nhất cho gia đình ạ?",
  accept:
    "Dạ vâng, cảm ơn thầy cô! Gia đình rất vui được đón thầy cô. Các buổi chiều trong tuần sau 4 giờ là tiện nhất ạ.",
  decline: "Cảm ơn thầy cô đã mời, nhưng hiện giờ gia đình chưa tiện ạ.",
  confirm:
    "Tuyệt vời, cảm ơn anh chị! Chúng tôi đã ghi lịch buổi thăm. Nếu có gì thay đổi, anh chị cứ nhắn tin cho chúng tôi nhé.",
  reminder: "Nhắc lịch: ngày mai chúng tôi sẽ đến thăm gia đình. Rất mong được gặp anh chị!",
  teacherTopics: [
    [
      "Chào anh chị! Tôi muốn báo tin vui: tuần này em {child} làm bài kiểm tra đọc rất tốt. Chúng tôi rất tự hào về em!",
      "Cảm ơn thầy cô đã cho biết! Gia đình rất vui ạ.",
    ],
    [
      "Chào anh chị! Tuần này ở nhà mọi việc thế nào ạ? Em {child} rất tử tế với các bạn trong lớp.",
      "Dạ mọi việc đều ổn, cảm ơn thầy cô. Ngày nào cháu {child} cũng kể chuyện ở trường.",
    ],
    [
      "Em {child} đang học được nhiều từ mới. Đọc sách cùng nhau ở nhà 15 phút mỗi ngày giúp ích rất nhiều, bằng tiếng nào cũng được.",
      "Dạ vâng, tối nào cả nhà cũng sẽ đọc sách cùng cháu.",
    ],
    [
      "Thứ Sáu này lúc 5 giờ 30 chiều trường có buổi tối gia đình. Rất hoan nghênh cả gia đình đến dự!",
      "Cảm ơn thầy cô đã mời. Gia đình sẽ cố gắng đến ạ.",
    ],
    [
      "Hôm nay em {child} học toán rất chăm chỉ và còn giúp một bạn. Cảm ơn anh chị đã luôn hỗ trợ em ở nhà!",
      "Cảm ơn thầy cô! Gia đình rất vui khi nghe vậy.",
    ],
  ],
  familyTopics: [
    [
      "Chào thầy cô. Hôm nay cháu {child} bị ốm nên không đi học được ạ.",
      "Cảm ơn anh chị đã báo. Chúc em {child} mau khỏe!",
    ],
    [
      "Chào thầy cô, bài tập về nhà tuần này là gì ạ? Cháu {child} không nhớ.",
      "Chào anh chị! Tuần này bài tập là đọc sách 20 phút mỗi ngày và làm xong trang bài toán. Cảm ơn anh chị đã hỏi!",
    ],
    [
      "Thứ Năm tôi đón cháu {child} về sớm được không ạ? Cháu có hẹn khám bác sĩ.",
      "Dạ được ạ. Anh chị ghé văn phòng trường để ký đón em nhé. Cảm ơn anh chị đã báo.",
    ],
    [
      "Cháu {child} nói có một bạn trong lớp không tử tế với cháu. Tôi có thể nói chuyện với thầy cô được không ạ?",
      "Cảm ơn anh chị đã cho biết. Hôm nay tôi sẽ hỏi chuyện em {child}. Ngày mai sau giờ học tôi gọi điện cho anh chị được không?",
    ],
    [
      "Cháu {child} học đọc thế nào rồi ạ? Gia đình muốn giúp cháu ở nhà.",
      "Em {child} tiến bộ rất tốt! Tuần này tôi sẽ gửi vài cuốn sách về nhà để cả nhà cùng đọc.",
    ],
  ],
  familyThanks: ["Cảm ơn thầy cô rất nhiều!", "Cảm ơn thầy cô vì tất cả ạ!"],
  teacherClosings: ["Không có gì ạ! Chúc gia đình một ngày tốt lành.", "Cảm ơn anh chị đã nhắn tin. Hẹn gặp lại!"],
};
