// SPDX-License-Identifier: AGPL-3.0-or-later
// simplemmo-cli in a real pseudo-terminal, as a person uses it: the prompt, help, tab completion
// of commands, and a password prompt that does not echo.
#include "ServerProcess.h"

#include <QElapsedTimer>
#include <QSocketNotifier>
#include <QTemporaryDir>
#include <QtTest>

#include <csignal>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace smmo::test;

class TestCliTerminal : public QObject
{
    Q_OBJECT

    QTemporaryDir m_home;
    int m_master = -1;
    pid_t m_child = -1;
    QByteArray m_screen;
    std::unique_ptr<QSocketNotifier> m_notifier;

    void type(const QByteArray &keys) { QCOMPARE(::write(m_master, keys.constData(), size_t(keys.size())), keys.size()); }
    // Waits (on the terminal's output, with a timeout) until the screen shows `text`.
    bool waitFor(const QByteArray &text, int timeoutMs = 15000)
    {
        QElapsedTimer timer;
        timer.start();
        while (!m_screen.contains(text) && timer.elapsed() < timeoutMs) {
            QSignalSpy spy(m_notifier.get(), &QSocketNotifier::activated);
            spy.wait(int(timeoutMs - timer.elapsed()));
        }
        return m_screen.contains(text);
    }

private slots:
    void initTestCase()
    {
        winsize size{};
        size.ws_row = 40;
        size.ws_col = 120;
        m_child = forkpty(&m_master, nullptr, nullptr, &size);
        QVERIFY(m_child >= 0);
        if (m_child == 0) {
            const QByteArray program = QFile::encodeName(binaryPath(QStringLiteral("simplemmo-cli")));
            setenv("HOME", QFile::encodeName(m_home.path()).constData(), 1);
            setenv("TERM", "xterm", 1);
            // Nothing listens on port 9: commands that need a server fail, the prompt stays.
            execl(program.constData(), program.constData(), "--auth-url", "http://127.0.0.1:9", "--char-url",
                  "http://127.0.0.1:9", "--master-url", "http://127.0.0.1:9", static_cast<char *>(nullptr));
            _exit(127);
        }
        m_notifier = std::make_unique<QSocketNotifier>(m_master, QSocketNotifier::Read);
        connect(m_notifier.get(), &QSocketNotifier::activated, this, [this] {
            char buffer[4096];
            const ssize_t n = ::read(m_master, buffer, sizeof buffer);
            if (n > 0)
                m_screen.append(buffer, n);
            else
                m_notifier->setEnabled(false);
        });
        QVERIFY2(waitFor("guest> "), m_screen.constData());
    }

    void helpRenders()
    {
        type("help\r");
        QVERIFY2(waitFor("login <user> [password]"), m_screen.constData());
        QVERIFY(waitFor("guest> ", 5000));
    }

    void tabCompletesCommands()
    {
        m_screen.clear();
        type("charac\t");
        QVERIFY2(waitFor("characters"), m_screen.constData()); // completed on the line being edited
        type("\x15"); // Ctrl+U: clear the line
        m_screen.clear();
        type("help cre\t\r");
        QVERIFY2(waitFor("Usage: create <name>"), m_screen.constData());
    }

    void passwordIsNotEchoed()
    {
        m_screen.clear();
        type("login someone\r");
        QVERIFY2(waitFor("Password: "), m_screen.constData());
        type("topsecret\r");
        QVERIFY2(waitFor("error: "), m_screen.constData()); // the AuthServer is down: one clear line
        QVERIFY(!m_screen.contains("topsecret"));
        QVERIFY(waitFor("guest> "));
    }

    void quitEndsAndSavesHistory()
    {
        type("quit\r");
        int status = 0;
        QElapsedTimer timer;
        timer.start();
        pid_t done = 0;
        while ((done = waitpid(m_child, &status, WNOHANG)) == 0 && timer.elapsed() < 15000) {
            QSignalSpy spy(m_notifier.get(), &QSocketNotifier::activated);
            spy.wait(200); // the child's last output, or its end
        }
        QCOMPARE(done, m_child);
        QVERIFY(WIFEXITED(status));
        QCOMPARE(WEXITSTATUS(status), 0);
        m_child = -1;
        QFile history(m_home.filePath(QStringLiteral(".local/share/simplemmo/cli_history")));
        QVERIFY(history.open(QIODevice::ReadOnly));
        const QByteArray saved = history.readAll();
        QVERIFY(saved.contains("help"));
        QVERIFY(!saved.contains("topsecret")); // passwords never reach the history
    }

    void cleanupTestCase()
    {
        if (m_child > 0) {
            ::kill(m_child, SIGKILL);
            waitpid(m_child, nullptr, 0);
        }
        if (m_master >= 0)
            ::close(m_master);
    }
};

QTEST_GUILESS_MAIN(TestCliTerminal)
#include "tst_cli_terminal.moc"
