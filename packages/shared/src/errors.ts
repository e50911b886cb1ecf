import { z } from 'zod';

/**
 * Stable error codes, their HTTP status and their message in each UI language.
 * Clients branch on `code`, never on the message.
 */
export const ERRORS = {
  'request.invalid_json': {
    status: 400,
    ko: '요청 본문이 올바른 JSON이 아닙니다.',
    en: 'The request body is not valid JSON.',
  },
  'request.invalid_body': {
    status: 400,
    ko: '요청 값이 올바르지 않습니다.',
    en: 'The request contains invalid values.',
  },
  'request.invalid_query': {
    status: 400,
    ko: '요청 매개변수가 올바르지 않습니다.',
    en: 'The request parameters are invalid.',
  },
  'request.unsupported_media_type': {
    status: 415,
    ko: '지원하지 않는 콘텐츠 형식입니다. application/json으로 보내 주세요.',
    en: 'Unsupported content type. Send application/json.',
  },
  'request.too_large': { status: 413, ko: '요청이 너무 큽니다.', en: 'The request is too large.' },
  'route.not_found': {
    status: 404,
    ko: '요청한 주소를 찾을 수 없습니다.',
    en: 'The requested resource was not found.',
  },
  'route.method_not_allowed': {
    status: 405,
    ko: '허용되지 않는 요청 방식입니다.',
    en: 'Method not allowed.',
  },
  'rate.limited': {
    status: 429,
    ko: '요청이 너무 많습니다. 잠시 후 다시 시도해 주세요.',
    en: 'Too many requests. Please try again later.',
  },
  'csrf.invalid': {
    status: 403,
    ko: '보안 토큰이 없거나 올바르지 않습니다. 페이지를 새로 고쳐 주세요.',
    en: 'The security token is missing or invalid. Please reload the page.',
  },
  'csrf.bad_origin': {
    status: 403,
    ko: '허용되지 않은 출처의 요청입니다.',
    en: 'The request comes from an origin that is not allowed.',
  },
  'auth.required': { status: 401, ko: '로그인이 필요합니다.', en: 'You need to log in.' },
  'auth.session_expired': {
    status: 401,
    ko: '세션이 만료되었습니다. 다시 로그인해 주세요.',
    en: 'Your session has expired. Please log in again.',
  },
  'auth.session_revoked': {
    status: 401,
    ko: '이 세션은 로그아웃되었습니다. 다시 로그인해 주세요.',
    en: 'This session has been signed out. Please log in again.',
  },
  'auth.invalid_credentials': {
    status: 401,
    ko: '아이디 또는 비밀번호가 올바르지 않습니다.',
    en: 'Incorrect username or password.',
  },
  'auth.wrong_password': {
    status: 400,
    ko: '현재 비밀번호가 올바르지 않습니다.',
    en: 'The current password is incorrect.',
  },
  'auth.registration_closed': {
    status: 403,
    ko: '회원가입이 닫혀 있습니다. 관리자에게 문의해 주세요.',
    en: 'Sign-up is closed. Please contact your administrator.',
  },
  'auth.forbidden': {
    status: 403,
    ko: '접근 권한이 없습니다.',
    en: 'You do not have permission to do this.',
  },
  'user.username_taken': {
    status: 409,
    ko: '이미 사용 중인 아이디입니다.',
    en: 'That username is already taken.',
  },
  'user.not_found': { status: 404, ko: '사용자를 찾을 수 없습니다.', en: 'User not found.' },
  'session.not_found': { status: 404, ko: '세션을 찾을 수 없습니다.', en: 'Session not found.' },
  'room.not_found': { status: 404, ko: '대화방을 찾을 수 없습니다.', en: 'Conversation not found.' },
  'room.not_member': {
    status: 403,
    ko: '이 대화방의 참여자가 아닙니다.',
    en: 'You are not a member of this conversation.',
  },
  'room.admin_required': {
    status: 403,
    ko: '대화방 관리자만 할 수 있습니다.',
    en: 'Only conversation admins can do this.',
  },
  'room.owner_required': {
    status: 403,
    ko: '대화방 방장만 할 수 있습니다.',
    en: 'Only the owner can do this.',
  },
  'room.direct_fixed': {
    status: 400,
    ko: '1:1 대화방의 참여자나 이름은 바꿀 수 없습니다.',
    en: 'The members and name of a direct conversation cannot change.',
  },
  'room.cannot_target_owner': {
    status: 403,
    ko: '방장에게는 할 수 없는 작업입니다.',
    en: 'This cannot be done to the owner.',
  },
  'room.self_direct': {
    status: 400,
    ko: '자신과의 1:1 대화는 만들 수 없습니다.',
    en: 'You cannot start a direct conversation with yourself.',
  },
  'room.target_not_member': {
    status: 400,
    ko: '대화방 참여자가 아닌 사용자입니다.',
    en: 'That user is not a member of this conversation.',
  },
  'room.post_forbidden': {
    status: 403,
    ko: '이 대화방에서는 관리자만 글을 쓸 수 있습니다.',
    en: 'Only admins can post in this conversation.',
  },
  'room.read_only': {
    status: 403,
    ko: '상대방이 탈퇴하여 더 이상 메시지를 보낼 수 없습니다.',
    en: 'The other person has deleted their account; no more messages can be sent here.',
  },
  'room.archived': {
    status: 409,
    ko: '보관된 대화방입니다. 읽기만 할 수 있습니다.',
    en: 'This room is archived; it can only be read.',
  },
  'room.e2e_too_large': {
    status: 400,
    ko: '종단간 암호화 대화방에는 최대 100명까지 참여할 수 있습니다.',
    en: 'An end-to-end encrypted room can have at most 100 members.',
  },
  'room.e2e_disabled': {
    status: 403,
    ko: '이 서버에서는 종단간 암호화 대화방을 새로 만들 수 없습니다. 관리자가 꺼 두었습니다.',
    en: 'New end-to-end encrypted rooms are turned off on this server by its administrators.',
  },
  'room.e2e_plaintext': {
    status: 400,
    ko: '종단간 암호화 대화방에는 암호화된 메시지만 보낼 수 있습니다.',
    en: 'Only encrypted messages can be sent in an end-to-end encrypted room.',
  },
  'room.e2e_unsupported': {
    status: 400,
    ko: '종단간 암호화 대화방에서는 아직 쓸 수 없는 기능입니다.',
    en: 'This is not available in an end-to-end encrypted room yet.',
  },
  'room.not_e2e': {
    status: 409,
    ko: '종단간 암호화 대화방이 아닙니다.',
    en: 'This room is not end-to-end encrypted.',
  },
  'room.legal_hold': {
    status: 409,
    ko: '법적 보존 중인 대화방은 삭제할 수 없습니다. 먼저 법적 보존을 해제하세요.',
    en: 'This room is under legal hold and cannot be deleted. Release the hold first.',
  },
  'user.deleted': {
    status: 400,
    ko: '탈퇴한 사용자입니다.',
    en: 'That account has been deleted.',
  },
  'user.deactivated': {
    status: 400,
    ko: '비활성화된 사용자는 대화에 초대하거나 새 대화를 시작할 수 없습니다.',
    en: 'A deactivated account cannot be invited or start a new conversation.',
  },
  'auth.directory_unreachable': {
    status: 503,
    ko: '회사 디렉터리(LDAP)에 연결할 수 없어 로그인할 수 없습니다. 잠시 후 다시 시도하거나 관리자에게 문의해 주세요.',
    en: 'Cannot reach the company directory (LDAP) to sign you in. Try again shortly, or contact your administrator.',
  },
  'auth.directory_username_invalid': {
    status: 400,
    ko: '디렉터리의 사용자 이름은 이 메신저에서 쓸 수 없는 형식입니다(영문, 숫자, 밑줄 3~20자). 관리자에게 문의해 주세요.',
    en: 'Your directory username cannot be used here (3-20 letters, digits or underscores). Contact your administrator.',
  },
  'auth.directory_username_taken': {
    status: 409,
    ko: '같은 이름의 다른 계정이 이미 있어 디렉터리 계정으로 로그인할 수 없습니다. 관리자에게 문의해 주세요.',
    en: 'Another account already has this username, so your directory account cannot sign in. Contact your administrator.',
  },
  'account.directory_managed': {
    status: 400,
    ko: '회사 디렉터리 계정은 직접 삭제할 수 없습니다. 관리자에게 요청해 주세요.',
    en: 'A company directory account cannot be deleted here. Ask your administrator.',
  },
  'auth.directory_managed': {
    status: 400,
    ko: '회사 디렉터리 계정의 비밀번호는 회사 디렉터리에서 바꿔 주세요.',
    en: 'The password of a company directory account is changed in the company directory.',
  },
  'auth.account_deactivated': {
    status: 403,
    ko: '비활성화된 계정입니다. 관리자에게 문의해 주세요.',
    en: 'This account has been deactivated. Please contact your administrator.',
  },
  'auth.sso_off': {
    status: 404,
    ko: '이 서버에는 회사 계정 로그인(SSO)이 설정되어 있지 않습니다.',
    en: 'Company sign-in (SSO) is not set up on this server.',
  },
  'auth.sso_failed': {
    status: 400,
    ko: '회사 계정 로그인을 확인하지 못했습니다. 로그인이 만료되었거나 올바르지 않은 요청입니다. 처음부터 다시 로그인해 주세요.',
    en: 'Your company sign-in could not be verified: it expired or the request was not valid. Please sign in again from the start.',
  },
  'auth.sso_unavailable': {
    status: 503,
    ko: '회사 로그인 서버에 연결할 수 없습니다. 잠시 후 다시 시도하거나 관리자에게 문의해 주세요.',
    en: 'Cannot reach the company sign-in server. Try again shortly, or contact your administrator.',
  },
  'auth.sso_username_invalid': {
    status: 400,
    ko: '회사 계정의 사용자 이름은 이 메신저에서 쓸 수 없는 형식입니다(영문, 숫자, 밑줄 3~20자). 관리자에게 문의해 주세요.',
    en: 'Your company username cannot be used here (3-20 letters, digits or underscores). Contact your administrator.',
  },
  'auth.sso_username_taken': {
    status: 409,
    ko: '같은 이름의 다른 계정이 이미 있어 회사 계정으로 로그인할 수 없습니다. 관리자에게 문의해 주세요.',
    en: 'Another account already has this username, so your company account cannot sign in. Contact your administrator.',
  },
  'profile.email_managed': {
    status: 400,
    ko: '회사 계정의 이메일은 회사 계정에서 가져오므로 여기서 바꿀 수 없습니다.',
    en: 'A company account’s e-mail comes from the company and cannot be changed here.',
  },
  'auth.local_login_disabled': {
    status: 403,
    ko: '이 서버에서는 회사 계정으로만 로그인할 수 있습니다. 회사 계정 로그인 버튼을 이용해 주세요.',
    en: 'This server only allows sign-in with your company account. Use the company sign-in instead.',
  },
  'auth.policy_needs_sso': {
    status: 400,
    ko: '회사 계정 로그인(OIDC 또는 LDAP)이 설정되어 있을 때만 로컬 로그인을 끌 수 있습니다.',
    en: 'Local sign-in can only be turned off while company sign-in (OIDC or LDAP) is configured.',
  },
  'auth.two_factor_invalid': {
    status: 401,
    ko: '인증 코드가 올바르지 않습니다. 인증 앱의 새 코드를 입력해 주세요.',
    en: 'That code is not right. Enter the current code from your authenticator app.',
  },
  'auth.two_factor_challenge_expired': {
    status: 401,
    ko: '로그인 확인 시간이 지났습니다. 아이디와 비밀번호부터 다시 입력해 주세요.',
    en: 'The sign-in step has expired. Please enter your username and password again.',
  },
  'auth.two_factor_setup_expired': {
    status: 400,
    ko: '2단계 인증 설정 시간이 지났습니다. 처음부터 다시 시작해 주세요.',
    en: 'Setting up two-step verification took too long. Please start again.',
  },
  'auth.two_factor_already_enabled': {
    status: 409,
    ko: '2단계 인증이 이미 켜져 있습니다.',
    en: 'Two-step verification is already on.',
  },
  'auth.two_factor_not_enabled': {
    status: 400,
    ko: '2단계 인증이 켜져 있지 않습니다.',
    en: 'Two-step verification is not on.',
  },
  'auth.two_factor_required': {
    status: 400,
    ko: '관리자가 2단계 인증을 필수로 정해 두어 끌 수 없습니다.',
    en: 'Your administrator requires two-step verification, so it cannot be turned off.',
  },
  'auth.two_factor_local_only': {
    status: 400,
    ko: '2단계 인증은 이 서버의 계정에만 쓸 수 있습니다. 회사 계정은 회사의 로그인 설정을 따릅니다.',
    en: 'Two-step verification is for accounts of this server only. Company accounts follow the company sign-in.',
  },
  'auth.two_factor_enroll_first': {
    status: 400,
    ko: '2단계 인증을 필수로 정하려면 먼저 본인 계정에 2단계 인증을 켜 주세요.',
    en: 'Turn on two-step verification for your own account before requiring it.',
  },
  'admin.required': {
    status: 403,
    ko: '서버 관리자만 할 수 있습니다.',
    en: 'Only server administrators can do this.',
  },
  'admin.self_change': {
    status: 400,
    ko: '자기 자신의 관리자 권한이나 로그인은 여기서 바꿀 수 없습니다. 다른 관리자에게 요청하거나 설정의 로그인 기기 탭을 이용하세요.',
    en: 'You cannot change your own administrator role or sign yourself out here. Ask another administrator, or use the Sessions tab.',
  },
  'admin.self': {
    status: 400,
    ko: '자기 자신의 계정은 여기서 비활성화하거나 삭제하거나 비밀번호를 초기화할 수 없습니다.',
    en: 'You cannot deactivate, delete or reset the password of your own account here.',
  },
  'admin.last_admin': {
    status: 409,
    ko: '마지막 서버 관리자입니다. 다른 관리자를 먼저 지정해 주세요.',
    en: 'This is the last server administrator. Make someone else an administrator first.',
  },
  'admin.account_not_local': {
    status: 409,
    ko: '회사 디렉터리나 회사 로그인(SSO) 계정의 비밀번호는 이 서버에서 초기화할 수 없습니다.',
    en: 'The password of a company directory or single sign-on account cannot be reset here.',
  },
  'auth.password_change_required': {
    status: 403,
    ko: '새 비밀번호를 정해야 계속할 수 있습니다.',
    en: 'Choose a new password to continue.',
  },
  'settings.upload_over_ceiling': {
    status: 400,
    ko: '업로드 최대 크기는 서버 구성(MAX_UPLOAD_BYTES)보다 클 수 없습니다.',
    en: "The upload size cannot be larger than the server's configured MAX_UPLOAD_BYTES.",
  },
  'settings.extension_unknown': {
    status: 400,
    ko: '서버가 검사할 수 없는 파일 확장자입니다.',
    en: 'The server cannot check files with this extension.',
  },
  'export.not_found': {
    status: 404,
    ko: '내보내기를 찾을 수 없습니다. 7일이 지나 지워졌을 수 있습니다.',
    en: 'Export not found. It may have been removed after 7 days.',
  },
  'export.not_ready': {
    status: 409,
    ko: '내보내기가 아직 끝나지 않았거나 실패했습니다.',
    en: 'This export has not finished, or it failed.',
  },
  'export.invalid_range': {
    status: 400,
    ko: '기간의 시작이 끝보다 앞서야 합니다.',
    en: 'The start of the range must be before its end.',
  },
  'export.scope_not_found': {
    status: 404,
    ko: '내보낼 방이나 사용자를 찾을 수 없습니다.',
    en: 'The room or person to export was not found.',
  },
  'message.not_found': { status: 404, ko: '메시지를 찾을 수 없습니다.', en: 'Message not found.' },
  'message.forbidden': {
    status: 403,
    ko: '이 메시지를 바꿀 권한이 없습니다.',
    en: 'You cannot change this message.',
  },
  'message.system_immutable': {
    status: 403,
    ko: '시스템 메시지는 수정하거나 삭제할 수 없습니다.',
    en: 'System messages cannot be edited or deleted.',
  },
  'message.deleted': { status: 409, ko: '삭제된 메시지입니다.', en: 'This message has been deleted.' },
  'message.reply_other_room': {
    status: 400,
    ko: '같은 대화방의 메시지에만 답장할 수 있습니다.',
    en: 'You can only reply to a message of the same conversation.',
  },
  'message.id_conflict': {
    status: 409,
    ko: '이미 사용된 메시지 ID입니다.',
    en: 'That message id is already used by another message.',
  },
  'message.too_long': {
    status: 400,
    ko: '메시지는 10,000자까지 보낼 수 있습니다.',
    en: 'Messages can be at most 10,000 characters.',
  },
  'message.empty': { status: 400, ko: '빈 메시지는 보낼 수 없습니다.', en: 'A message cannot be empty.' },
  'upload.room_required': {
    status: 400,
    ko: '파일을 올릴 대화방(room_id)이 필요합니다.',
    en: 'Say which conversation the file is for (room_id).',
  },
  'upload.file_required': { status: 400, ko: '파일이 없습니다.', en: 'No file was sent.' },
  'upload.too_large': {
    status: 413,
    ko: '파일이 허용된 최대 크기를 넘습니다.',
    en: 'The file is larger than the allowed maximum.',
  },
  'upload.type_not_allowed': {
    status: 400,
    ko: '허용되지 않는 파일 형식입니다.',
    en: 'This type of file is not allowed.',
  },
  'upload.content_mismatch': {
    status: 400,
    ko: '파일 내용이 확장자와 일치하지 않습니다.',
    en: "The file's content does not match its extension.",
  },
  'upload.image_required': {
    status: 400,
    ko: 'PNG, JPEG, GIF, WebP 이미지만 올릴 수 있습니다.',
    en: 'Only PNG, JPEG, GIF or WebP images can be used.',
  },
  'upload.token_invalid': {
    status: 400,
    ko: '첨부 파일이 만료되었거나 이미 사용되었습니다. 다시 올려 주세요.',
    en: 'The attachment expired or was already used. Please upload it again.',
  },
  'upload.job_not_found': {
    status: 404,
    ko: '검사 작업을 찾을 수 없습니다.',
    en: 'Scan job not found.',
  },
  'upload.infected': {
    status: 422,
    ko: '악성 코드가 발견되어 파일을 삭제했습니다.',
    en: 'Malware was found; the file has been deleted.',
  },
  'upload.scanner_unavailable': {
    status: 503,
    ko: '바이러스 검사 서버에 연결할 수 없어 파일을 받을 수 없습니다. 잠시 후 다시 시도해 주세요.',
    en: 'The virus scanner is unavailable, so the file was not accepted. Please try again later.',
  },
  'file.not_found': { status: 404, ko: '파일을 찾을 수 없습니다.', en: 'File not found.' },
  'file.forbidden': {
    status: 403,
    ko: '이 파일을 삭제할 권한이 없습니다.',
    en: 'You may not delete this file.',
  },
  'poll.not_found': { status: 404, ko: '투표를 찾을 수 없습니다.', en: 'Poll not found.' },
  'poll.invalid_option': {
    status: 400,
    ko: '이 투표의 선택지가 아닙니다.',
    en: 'That option does not belong to this poll.',
  },
  'poll.closed': { status: 409, ko: '마감된 투표입니다.', en: 'This poll is closed.' },
  'poll.deadline_past': {
    status: 400,
    ko: '마감 시간은 현재 시간 이후여야 합니다.',
    en: 'The deadline must be in the future.',
  },
  'poll.forbidden': {
    status: 403,
    ko: '투표를 만든 사람이나 관리자만 마감할 수 있습니다.',
    en: 'Only the creator or a room admin can close this poll.',
  },
  'pin.not_found': { status: 404, ko: '공지를 찾을 수 없습니다.', en: 'Notice not found.' },
  'pin.invalid_message': {
    status: 400,
    ko: '이 대화방의 메시지만 공지로 고정할 수 있습니다.',
    en: 'Only a message of this conversation can be pinned.',
  },
  'pin.already_pinned': {
    status: 409,
    ko: '이미 공지로 고정된 메시지입니다.',
    en: 'This message is already pinned.',
  },
  'pin.forbidden': {
    status: 403,
    ko: '공지를 고정한 사람이나 관리자만 할 수 있습니다.',
    en: 'Only the person who pinned it or a room admin can do this.',
  },
  'pin.too_many': {
    status: 409,
    ko: '공지는 대화방마다 50개까지 고정할 수 있습니다.',
    en: 'A conversation can have at most 50 notices.',
  },
  'pin.ack_not_requested': {
    status: 409,
    ko: '확인을 요청하지 않은 공지입니다.',
    en: 'This notice does not ask for acknowledgement.',
  },
  'e2e.identity_mismatch': {
    status: 409,
    ko: '등록된 신원 키와 다릅니다. 신원 변경은 따로 확인해야 합니다.',
    en: 'This is not the registered identity key; an identity change must be made explicitly.',
  },
  'e2e.identity_not_found': {
    status: 404,
    ko: '등록된 신원 키가 없습니다.',
    en: 'No identity key is registered.',
  },
  'e2e.identity_stale': {
    status: 409,
    ko: '신원 키가 그 사이에 바뀌었습니다. 다시 불러온 뒤 시도해 주세요.',
    en: 'The identity key changed meanwhile. Reload and try again.',
  },
  'e2e.device_not_found': { status: 404, ko: '기기를 찾을 수 없습니다.', en: 'Device not found.' },
  'e2e.device_revoked': {
    status: 409,
    ko: '해지된 기기입니다.',
    en: 'This device has been revoked.',
  },
  'e2e.device_taken': {
    status: 409,
    ko: '이미 다른 용도로 쓰이는 기기 ID입니다.',
    en: 'This device id is already in use.',
  },
  'e2e.too_many_devices': {
    status: 409,
    ko: '등록한 기기가 너무 많습니다. 쓰지 않는 기기를 해지해 주세요.',
    en: 'Too many registered devices. Revoke the ones you no longer use.',
  },
  'e2e.key_package_stock_full': {
    status: 409,
    ko: '기기의 키 패키지가 이미 충분합니다.',
    en: 'This device already holds as many key packages as allowed.',
  },
  'e2e.group_not_found': {
    status: 404,
    ko: '이 대화방에는 종단 간 암호화 그룹이 없습니다.',
    en: 'This conversation has no end-to-end encrypted group.',
  },
  'e2e.group_exists': {
    status: 409,
    ko: '이 대화방의 암호화 그룹이 이미 만들어졌습니다.',
    en: 'This conversation already has its encrypted group.',
  },
  'e2e.epoch_conflict': {
    status: 409,
    ko: '다른 기기가 먼저 그룹을 바꿨습니다. 최신 상태를 적용한 뒤 다시 시도합니다.',
    en: 'Another device changed the group first. Catch up and try again.',
  },
  'e2e.stale_epoch': {
    status: 409,
    ko: '암호화 키가 바뀌었습니다. 최신 키로 다시 암호화합니다.',
    en: 'The encryption key has changed. Encrypt again with the current key.',
  },
  'e2e.rekey_pending': {
    status: 409,
    ko: '참여자가 바뀌어 키를 새로 만들어야 합니다. 키를 바꾼 뒤 다시 보냅니다.',
    en: 'The members changed, so the key must be renewed before sending.',
  },
  'e2e.file_invalid': {
    status: 400,
    ko: '이 대화방에 올린 암호화 파일이 아니거나 만료되었습니다. 다시 올려 주세요.',
    en: 'That encrypted file was not uploaded by you to this room, or it expired. Please upload it again.',
  },
  'e2e.file_used': {
    status: 409,
    ko: '이미 다른 메시지에 쓰인 암호화 파일입니다. 다시 올려 주세요.',
    en: 'That encrypted file is already part of another message. Please upload it again.',
  },
  'e2e.welcome_not_found': {
    status: 404,
    ko: '초대 정보를 찾을 수 없습니다.',
    en: 'Welcome not found.',
  },
  'e2e.secret_store_not_found': {
    status: 404,
    ko: '복구 키가 아직 설정되지 않았습니다.',
    en: 'No recovery key has been set up yet.',
  },
  'e2e.secret_store_stale': {
    status: 409,
    ko: '다른 기기에서 복구 키를 그 사이에 바꿨습니다. 다시 불러온 뒤 시도해 주세요.',
    en: 'The recovery key was changed on another device meanwhile. Reload and try again.',
  },
  'e2e.link_not_found': {
    status: 404,
    ko: '기기 연결 요청을 찾을 수 없습니다. 만료되었을 수 있으니 새 기기에서 다시 시작하세요.',
    en: 'Device link request not found. It may have expired; start again on the new device.',
  },
  'e2e.link_answered': {
    status: 409,
    ko: '이 기기 연결 요청은 이미 처리되었습니다.',
    en: 'This device link request has already been answered.',
  },
  'e2e.link_stage': {
    status: 409,
    ko: '기기 연결이 아직 이 단계에 있지 않습니다. 다른 기기의 응답을 기다리세요.',
    en: 'The device link is not at this step yet. Wait for the other device.',
  },
  'protocol.version_mismatch': {
    status: 400,
    ko: '서버가 업데이트되었습니다. 페이지를 새로 고쳐 주세요.',
    en: 'The server has been updated. Please reload the page.',
  },
  'retention.running': {
    status: 409,
    ko: '보관 기한 정리가 이미 진행 중입니다. 끝난 뒤 다시 시도해 주세요.',
    en: 'A retention run is already in progress. Try again once it has finished.',
  },
  'server.internal': {
    status: 500,
    ko: '서버 내부 오류가 발생했습니다.',
    en: 'An internal server error occurred.',
  },
  'server.unavailable': {
    status: 503,
    ko: '서버를 일시적으로 사용할 수 없습니다.',
    en: 'The server is temporarily unavailable.',
  },
} as const satisfies Record<string, { status: number; ko: string; en: string }>;

/** A stable dotted error code. */
export type ErrorCode = keyof typeof ERRORS;

/** UI languages. */
export type Locale = 'ko' | 'en';

/** The localized message of an error code. */
export function errorMessage(code: ErrorCode, locale: Locale): string {
  return ERRORS[code][locale];
}

/** Whether a string is a known error code. */
export function isErrorCode(code: string): code is ErrorCode {
  return Object.hasOwn(ERRORS, code);
}

/** Every error code, as a schema (socket payloads that carry a code validate it). */
export const ErrorCode = z.enum(Object.keys(ERRORS) as [ErrorCode, ...ErrorCode[]]);
