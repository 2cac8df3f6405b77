CREATE TABLE `search_folds` (
	`ch` text PRIMARY KEY NOT NULL,
	`plain` text NOT NULL
);
--> statement-breakpoint
ALTER TABLE `contacts` ADD `search_name` text;--> statement-breakpoint
ALTER TABLE `families` ADD `search_name` text;--> statement-breakpoint
ALTER TABLE `students` ADD `search_name` text;--> statement-breakpoint
ALTER TABLE `visit_educators` ADD `notes` text;
--> statement-breakpoint
-- search_folds holds src/domain/search-text.ts FOLDS (test/unit/search-text.test.ts checks they agree).
INSERT INTO `search_folds` (`ch`, `plain`) VALUES ('À', 'a'), ('Á', 'a'), ('Â', 'a'), ('Ã', 'a'), ('Ä', 'a'), ('Å', 'a'), ('Ç', 'c'), ('È', 'e'), ('É', 'e'), ('Ê', 'e'), ('Ë', 'e'), ('Ì', 'i'), ('Í', 'i'), ('Î', 'i'), ('Ï', 'i'), ('Ñ', 'n'), ('Ò', 'o'), ('Ó', 'o'), ('Ô', 'o'), ('Õ', 'o'), ('Ö', 'o'), ('Ø', 'o'), ('Ù', 'u'), ('Ú', 'u'), ('Û', 'u'), ('Ü', 'u'), ('Ý', 'y'), ('à', 'a'), ('á', 'a'), ('â', 'a'), ('ã', 'a'), ('ä', 'a'), ('å', 'a'), ('ç', 'c'), ('è', 'e'), ('é', 'e'), ('ê', 'e'), ('ë', 'e'), ('ì', 'i'), ('í', 'i'), ('î', 'i'), ('ï', 'i'), ('ñ', 'n'), ('ò', 'o'), ('ó', 'o'), ('ô', 'o'), ('õ', 'o'), ('ö', 'o'), ('ø', 'o'), ('ù', 'u'), ('ú', 'u'), ('û', 'u'), ('ü', 'u'), ('ý', 'y'), ('ÿ', 'y'), ('Ā', 'a'), ('ā', 'a'), ('Ă', 'a'), ('ă', 'a'), ('Ą', 'a'), ('ą', 'a'), ('Ć', 'c'), ('ć', 'c'), ('Ĉ', 'c'), ('ĉ', 'c'), ('Ċ', 'c'), ('ċ', 'c'), ('Č', 'c'), ('č', 'c'), ('Ď', 'd'), ('ď', 'd'), ('Đ', 'd'), ('đ', 'd'), ('Ē', 'e'), ('ē', 'e'), ('Ĕ', 'e'), ('ĕ', 'e'), ('Ė', 'e'), ('ė', 'e'), ('Ę', 'e'), ('ę', 'e'), ('Ě', 'e'), ('ě', 'e'), ('Ĝ', 'g'), ('ĝ', 'g'), ('Ğ', 'g'), ('ğ', 'g'), ('Ġ', 'g'), ('ġ', 'g'), ('Ģ', 'g'), ('ģ', 'g'), ('Ĥ', 'h'), ('ĥ', 'h'), ('Ħ', 'h'), ('ħ', 'h'), ('Ĩ', 'i'), ('ĩ', 'i'), ('Ī', 'i'), ('ī', 'i'), ('Ĭ', 'i'), ('ĭ', 'i'), ('Į', 'i'), ('į', 'i'), ('İ', 'i'), ('Ĵ', 'j'), ('ĵ', 'j'), ('Ķ', 'k'), ('ķ', 'k'), ('Ĺ', 'l'), ('ĺ', 'l'), ('Ļ', 'l'), ('ļ', 'l'), ('Ľ', 'l'), ('ľ', 'l'), ('Ł', 'l'), ('ł', 'l'), ('Ń', 'n'), ('ń', 'n'), ('Ņ', 'n'), ('ņ', 'n'), ('Ň', 'n'), ('ň', 'n'), ('Ō', 'o'), ('ō', 'o'), ('Ŏ', 'o'), ('ŏ', 'o'), ('Ő', 'o'), ('ő', 'o'), ('Ŕ', 'r'), ('ŕ', 'r'), ('Ŗ', 'r'), ('ŗ', 'r'), ('Ř', 'r'), ('ř', 'r'), ('Ś', 's'), ('ś', 's'), ('Ŝ', 's'), ('ŝ', 's'), ('Ş', 's'), ('ş', 's'), ('Š', 's'), ('š', 's'), ('Ţ', 't'), ('ţ', 't'), ('Ť', 't'), ('ť', 't'), ('Ũ', 'u'), ('ũ', 'u'), ('Ū', 'u'), ('ū', 'u'), ('Ŭ', 'u'), ('ŭ', 'u'), ('Ů', 'u'), ('ů', 'u'), ('Ű', 'u'), ('ű', 'u'), ('Ų', 'u'), ('ų', 'u'), ('Ŵ', 'w'), ('ŵ', 'w'), ('Ŷ', 'y'), ('ŷ', 'y'), ('Ÿ', 'y'), ('Ź', 'z'), ('ź', 'z'), ('Ż', 'z'), ('ż', 'z'), ('Ž', 'z'), ('ž', 'z'), ('Ạ', 'a'), ('ạ', 'a'), ('Ả', 'a'), ('ả', 'a'), ('Ấ', 'a'), ('ấ', 'a'), ('Ầ', 'a'), ('ầ', 'a'), ('Ẩ', 'a'), ('ẩ', 'a'), ('Ẫ', 'a'), ('ẫ', 'a'), ('Ậ', 'a'), ('ậ', 'a'), ('Ắ', 'a'), ('ắ', 'a'), ('Ằ', 'a'), ('ằ', 'a'), ('Ẳ', 'a'), ('ẳ', 'a'), ('Ẵ', 'a'), ('ẵ', 'a'), ('Ặ', 'a'), ('ặ', 'a'), ('Ẹ', 'e'), ('ẹ', 'e'), ('Ẻ', 'e'), ('ẻ', 'e'), ('Ẽ', 'e'), ('ẽ', 'e'), ('Ế', 'e'), ('ế', 'e'), ('Ề', 'e'), ('ề', 'e'), ('Ể', 'e'), ('ể', 'e'), ('Ễ', 'e'), ('ễ', 'e'), ('Ệ', 'e'), ('ệ', 'e'), ('Ỉ', 'i'), ('ỉ', 'i'), ('Ị', 'i'), ('ị', 'i'), ('Ọ', 'o'), ('ọ', 'o'), ('Ỏ', 'o'), ('ỏ', 'o'), ('Ố', 'o'), ('ố', 'o'), ('Ồ', 'o'), ('ồ', 'o'), ('Ổ', 'o'), ('ổ', 'o'), ('Ỗ', 'o'), ('ỗ', 'o'), ('Ộ', 'o'), ('ộ', 'o'), ('Ớ', 'o'), ('ớ', 'o'), ('Ờ', 'o'), ('ờ', 'o'), ('Ở', 'o'), ('ở', 'o'), ('Ỡ', 'o'), ('ỡ', 'o'), ('Ợ', 'o'), ('ợ', 'o'), ('Ụ', 'u'), ('ụ', 'u'), ('Ủ', 'u'), ('ủ', 'u'), ('Ứ', 'u'), ('ứ', 'u'), ('Ừ', 'u'), ('ừ', 'u'), ('Ử', 'u'), ('ử', 'u'), ('Ữ', 'u'), ('ữ', 'u'), ('Ự', 'u'), ('ự', 'u'), ('Ỳ', 'y'), ('ỳ', 'y'), ('Ỵ', 'y'), ('ỵ', 'y'), ('Ỷ', 'y'), ('ỷ', 'y'), ('Ỹ', 'y'), ('ỹ', 'y'), ('Ơ', 'o'), ('ơ', 'o'), ('Ư', 'u'), ('ư', 'u');
--> statement-breakpoint
-- families.search_name: display_name folded for search, kept by triggers so every writer (roster import,
-- API, deletion, restore) keeps it without knowing. Filled here for the rows already there.
UPDATE `families` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(`families`.`display_name`, i, 1)), lower(substr(`families`.`display_name`, i, 1))) FROM chars WHERE i <= length(`families`.`display_name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1);
--> statement-breakpoint
CREATE TRIGGER `families_search_name_insert` AFTER INSERT ON `families`
BEGIN
  UPDATE `families` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(NEW.`display_name`, i, 1)), lower(substr(NEW.`display_name`, i, 1))) FROM chars WHERE i <= length(NEW.`display_name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `families_search_name_update` AFTER UPDATE OF `display_name` ON `families`
BEGIN
  UPDATE `families` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(NEW.`display_name`, i, 1)), lower(substr(NEW.`display_name`, i, 1))) FROM chars WHERE i <= length(NEW.`display_name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
-- contacts.search_name: name folded for search, kept by triggers so every writer (roster import,
-- API, deletion, restore) keeps it without knowing. Filled here for the rows already there.
UPDATE `contacts` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(`contacts`.`name`, i, 1)), lower(substr(`contacts`.`name`, i, 1))) FROM chars WHERE i <= length(`contacts`.`name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1);
--> statement-breakpoint
CREATE TRIGGER `contacts_search_name_insert` AFTER INSERT ON `contacts`
BEGIN
  UPDATE `contacts` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(NEW.`name`, i, 1)), lower(substr(NEW.`name`, i, 1))) FROM chars WHERE i <= length(NEW.`name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `contacts_search_name_update` AFTER UPDATE OF `name` ON `contacts`
BEGIN
  UPDATE `contacts` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(NEW.`name`, i, 1)), lower(substr(NEW.`name`, i, 1))) FROM chars WHERE i <= length(NEW.`name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
-- students.search_name: first_name folded for search, kept by triggers so every writer (roster import,
-- API, deletion, restore) keeps it without knowing. Filled here for the rows already there.
UPDATE `students` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(`students`.`first_name`, i, 1)), lower(substr(`students`.`first_name`, i, 1))) FROM chars WHERE i <= length(`students`.`first_name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1);
--> statement-breakpoint
CREATE TRIGGER `students_search_name_insert` AFTER INSERT ON `students`
BEGIN
  UPDATE `students` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(NEW.`first_name`, i, 1)), lower(substr(NEW.`first_name`, i, 1))) FROM chars WHERE i <= length(NEW.`first_name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1) WHERE `id` = NEW.`id`;
END;
--> statement-breakpoint
CREATE TRIGGER `students_search_name_update` AFTER UPDATE OF `first_name` ON `students`
BEGIN
  UPDATE `students` SET `search_name` = (WITH RECURSIVE chars(i, folded) AS (SELECT 1, '' UNION ALL SELECT i + 1, folded || coalesce((SELECT plain FROM search_folds WHERE ch = substr(NEW.`first_name`, i, 1)), lower(substr(NEW.`first_name`, i, 1))) FROM chars WHERE i <= length(NEW.`first_name`)) SELECT folded FROM chars ORDER BY i DESC LIMIT 1) WHERE `id` = NEW.`id`;
END;
