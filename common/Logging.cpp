// SPDX-License-Identifier: AGPL-3.0-or-later
#include "Logging.h"

Q_LOGGING_CATEGORY(lcConfig, "simplemmo.config", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "simplemmo.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcDb, "simplemmo.db", QtInfoMsg)
Q_LOGGING_CATEGORY(lcService, "simplemmo.service", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAuth, "simplemmo.auth", QtInfoMsg)
Q_LOGGING_CATEGORY(lcChar, "simplemmo.char", QtInfoMsg)
Q_LOGGING_CATEGORY(lcMaster, "simplemmo.master", QtInfoMsg)
Q_LOGGING_CATEGORY(lcZone, "simplemmo.zone", QtInfoMsg)
Q_LOGGING_CATEGORY(lcScript, "simplemmo.script", QtInfoMsg)
Q_LOGGING_CATEGORY(lcPhysics, "simplemmo.physics", QtInfoMsg)
Q_LOGGING_CATEGORY(lcLauncher, "simplemmo.launcher", QtInfoMsg)

namespace smmo {

void installLogFormat()
{
    // Under systemd the journal adds its own timestamp; elsewhere the time helps reading logs.
    if (qEnvironmentVariableIsSet("JOURNAL_STREAM"))
        qSetMessagePattern(QStringLiteral("%{type} %{category}: %{message}"));
    else
        qSetMessagePattern(QStringLiteral("%{time yyyy-MM-dd hh:mm:ss.zzz} %{type} %{category}: %{message}"));
}

} // namespace smmo
