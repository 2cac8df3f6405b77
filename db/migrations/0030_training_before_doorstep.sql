ALTER TABLE `trainings` ADD `before_doorstep` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- Existing data (docs/fidelity.md, "Existing data"): educators who already led or partnered a visit
-- when the training rule shipped were trained before Doorstep recorded trainings. Each such school
-- gets one training marked before_doorstep, of the kind its model's rule counts (HOME WORKS!:
-- mandatory; the others: introductory), dated the day this runs, in the school year of that day
-- (UTC: at worst a day off at July 1), 180 minutes (unknown; PTHV's 3-hour training). Ids are
-- 'trg_' + ten zeros (so they sort before every recorded training) + 16 random hex digits.
INSERT INTO `trainings` (`id`, `school_id`, `school_year`, `kind`, `title`, `held_on`, `duration_minutes`, `recorded_by_educator_id`, `before_doorstep`, `created_at`, `updated_at`)
SELECT 'trg_0000000000' || upper(hex(randomblob(8))), `s`.`id`,
  CASE WHEN cast(strftime('%m', 'now') AS integer) >= 7
    THEN strftime('%Y', 'now') || '-' || printf('%02d', (cast(strftime('%Y', 'now') AS integer) + 1) % 100)
    ELSE (cast(strftime('%Y', 'now') AS integer) - 1) || '-' || printf('%02d', cast(strftime('%Y', 'now') AS integer) % 100)
  END,
  CASE `s`.`program_model` WHEN 'homeworks' THEN 'mandatory' ELSE 'introductory' END,
  'Trained before Doorstep (recorded when the training rule shipped)', date('now'), 180, NULL, 1,
  cast((julianday('now') - 2440587.5) * 86400000 AS integer), cast((julianday('now') - 2440587.5) * 86400000 AS integer)
FROM `schools` `s`
WHERE EXISTS (SELECT 1 FROM `visit_educators` `ve` INNER JOIN `visits` `v` ON `v`.`id` = `ve`.`visit_id` WHERE `v`.`school_id` = `s`.`id`);
--> statement-breakpoint
INSERT INTO `training_attendance` (`training_id`, `educator_id`)
SELECT DISTINCT `t`.`id`, `ve`.`educator_id`
FROM `visit_educators` `ve`
INNER JOIN `visits` `v` ON `v`.`id` = `ve`.`visit_id`
INNER JOIN `trainings` `t` ON `t`.`school_id` = `v`.`school_id` AND `t`.`before_doorstep` = 1;
