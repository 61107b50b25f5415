// SPDX-License-Identifier: AGPL-3.0-or-later
#include "AdminApp.h"

#include "ClusterConnection.h"
#include "Confirm.h"
#include "ConnectDialog.h"
#include "MainWindow.h"
#include "ScreenshotDriver.h"
#include "Translations.h"
#include "Version.h"
#include "ZoneMonitor.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <memory>

namespace smmo::admin {

namespace {

struct Arguments
{
    ClusterUrls urls;
    QString user;
    QString screenshotDir;
    QString screenshotCharacter;
    QString screenshotZone;
};

QUrl urlOption(const QCommandLineParser &parser, const QString &name, const QUrl &fallback)
{
    return parser.isSet(name) ? QUrl(parser.value(name)) : fallback;
}

Arguments parseArguments(const QApplication &app)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        QCoreApplication::translate("AdminApp", "The SimpleMMO operator console: zones, characters, a live "
                                                "physics view and chat of a cluster, through its HTTP APIs. "
                                                "With SIMPLEMMO_ADMIN_PASSWORD set and --user given it logs "
                                                "in at once."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption auth(QStringLiteral("auth-url"),
                                  QCoreApplication::translate("AdminApp", "The AuthServer's URL."),
                                  QStringLiteral("url"));
    const QCommandLineOption chars(QStringLiteral("char-url"),
                                   QCoreApplication::translate("AdminApp", "The CharServer's URL."),
                                   QStringLiteral("url"));
    const QCommandLineOption master(QStringLiteral("master-url"),
                                    QCoreApplication::translate("AdminApp", "The MasterZoneServer's URL."),
                                    QStringLiteral("url"));
    const QCommandLineOption user(
        QStringLiteral("user"), QCoreApplication::translate("AdminApp", "The administrator's account name."),
        QStringLiteral("name"));
    // For `make screenshots` only: not part of the console's documented interface.
    QCommandLineOption screenshotDir(QStringLiteral("screenshot-dir"), QString(), QStringLiteral("dir"));
    QCommandLineOption screenshotCharacter(QStringLiteral("screenshot-character"), QString(),
                                           QStringLiteral("name"));
    QCommandLineOption screenshotZone(QStringLiteral("screenshot-zone"), QString(), QStringLiteral("zone"));
    for (QCommandLineOption *hidden : {&screenshotDir, &screenshotCharacter, &screenshotZone})
        hidden->setFlags(QCommandLineOption::HiddenFromHelp);
    parser.addOptions({auth, chars, master, user, screenshotDir, screenshotCharacter, screenshotZone});
    parser.process(app);

    const ClusterUrls remembered = ConnectDialog::rememberedUrls();
    return {{urlOption(parser, auth.names().first(), remembered.auth),
             urlOption(parser, chars.names().first(), remembered.character),
             urlOption(parser, master.names().first(), remembered.master)},
            parser.value(user),
            parser.value(screenshotDir),
            parser.value(screenshotCharacter),
            parser.value(screenshotZone)};
}

} // namespace

int runAdminConsole(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("SimpleMMO"));
    QApplication::setApplicationName(QStringLiteral("simplemmo-admin"));
    QApplication::setApplicationDisplayName(QStringLiteral("SimpleMMO Admin"));
    QApplication::setApplicationVersion(QStringLiteral(SIMPLEMMO_VERSION));
    installTranslations(QStringLiteral("simplemmo_admin"));

    const Arguments arguments = parseArguments(app);
    const QString password = qEnvironmentVariable("SIMPLEMMO_ADMIN_PASSWORD");

    ClusterConnection connection;
    connection.setUrls(arguments.urls);
    MainWindow window(connection);

    if (!arguments.screenshotDir.isEmpty()) {
        setConfirmOverride([](const QString &, const QString &) { return true; });
        window.resize(1280, 800);
        window.monitor()->setInterval(500); // more samples for the charts in the time the run takes
        ScreenshotDriver::Options options{arguments.screenshotDir, arguments.user, password,
                                          arguments.screenshotCharacter, arguments.screenshotZone};
        auto *driver = new ScreenshotDriver(window, connection, options, &app);
        QObject::connect(driver, &ScreenshotDriver::finished, &app, &QCoreApplication::exit);
        driver->start();
        return app.exec();
    }

    window.restoreLayout();
    window.show();
    auto askForLogin = [&window, &connection, user = arguments.user](const QString &error) {
        ConnectDialog dialog(connection, &window);
        dialog.setUrls(connection.urls());
        if (!user.isEmpty())
            dialog.setUser(user);
        if (!error.isEmpty())
            dialog.setError(error);
        dialog.exec();
    };
    if (!arguments.user.isEmpty() && !password.isEmpty()) {
        // A failed automatic login ends in the dialog, with the reason shown.
        auto once = std::make_shared<QMetaObject::Connection>();
        *once = QObject::connect(&connection, &ClusterConnection::loginFailed, &window,
                                 [once, askForLogin](const QString &message) {
                                     QObject::disconnect(*once);
                                     askForLogin(message);
                                 });
        QObject::connect(&connection, &ClusterConnection::loggedIn, &window,
                         [once] { QObject::disconnect(*once); });
        connection.login(arguments.user, password);
    } else {
        QTimer::singleShot(0, &window, [askForLogin] { askForLogin({}); });
    }
    return app.exec();
}

} // namespace smmo::admin
