package dev.kvsedge.server.edge;

import dev.kvsedge.model.ApiException;
import dev.kvsedge.model.edge.EdgeShapes.EdgeConfig;
import dev.kvsedge.model.edge.EdgeShapes.ScheduleConfig;
import java.text.ParseException;
import org.quartz.CronExpression;

/** Checks ScheduleExpressions with Quartz itself, the cron dialect AWS documents for edge schedules. */
final class CronSchedules {
    private CronSchedules() {}

    static void requireValid(EdgeConfig config) {
        if (config.recorderConfig() != null) {
            requireValid(config.recorderConfig().scheduleConfig(), "RecorderConfig");
        }
        if (config.uploaderConfig() != null) {
            requireValid(config.uploaderConfig().scheduleConfig(), "UploaderConfig");
        }
    }

    private static void requireValid(ScheduleConfig schedule, String owner) {
        if (schedule == null || schedule.scheduleExpression() == null) {
            return;
        }
        requireValid(schedule.scheduleExpression(), owner);
    }

    static void requireValid(String expression, String owner) {
        try {
            CronExpression.validateExpression(expression);
        } catch (ParseException e) {
            throw ApiException.invalidArgument("The " + owner + " ScheduleExpression '" + expression
                    + "' is not a valid Quartz cron expression: " + e.getMessage());
        }
    }
}
