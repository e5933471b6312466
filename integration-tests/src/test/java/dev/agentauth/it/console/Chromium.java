package dev.agentauth.it.console;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The machine's headless Chromium ({@code /usr/bin/chromium}, Debian's {@code chromium} package) through its
 * chromedriver ({@code /usr/bin/chromedriver}, package {@code chromium-driver}). Both paths are given, so Selenium
 * Manager never runs and nothing is downloaded. One fresh profile per instance.
 */
public final class Chromium implements AutoCloseable {

	public static final String BINARY = System.getProperty("agentauth.chromium", "/usr/bin/chromium");

	public static final String DRIVER = System.getProperty("agentauth.chromedriver", "/usr/bin/chromedriver");

	private static final Duration WAIT = Duration.ofSeconds(60);

	private final ChromeDriver driver;

	private final Path profile;

	private final WebDriverWait wait;

	public Chromium() {
		try {
			this.profile = Files.createTempDirectory("agentauth-chromium-");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(BINARY);
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
				"--user-data-dir=" + this.profile, "--window-size=1366,900", "--lang=en-US");
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER))
			.usingAnyFreePort()
			.build();
		this.driver = new ChromeDriver(service, options);
		this.driver.manage().window().setSize(new Dimension(1366, 900));
		// React re-renders the tables while a condition reads them: a stale row means "look again", not a failure
		this.wait = new WebDriverWait(this.driver, WAIT);
		this.wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
	}

	public static boolean available() {
		return Files.isExecutable(Path.of(BINARY)) && Files.isExecutable(Path.of(DRIVER));
	}

	public void open(String url) {
		this.driver.get(url);
	}

	public String currentUrl() {
		return this.driver.getCurrentUrl();
	}

	/** Keycloak's login form (keycloak.v2 login theme). */
	public void login(String username, String password) {
		visible(By.id("username")).sendKeys(username);
		this.driver.findElement(By.id("password")).sendKeys(password);
		this.driver.findElement(By.id("kc-login")).click();
	}

	public WebElement testId(String id) {
		return visible(By.cssSelector("[data-testid='" + id + "']"));
	}

	public List<WebElement> all(String testId) {
		return this.driver.findElements(By.cssSelector("[data-testid='" + testId + "']"));
	}

	public List<WebElement> all(By by) {
		return this.driver.findElements(by);
	}

	public WebElement visible(By by) {
		return waitFor(() -> this.wait.until(ExpectedConditions.visibilityOfElementLocated(by)));
	}

	// on a timeout, the page as it was (screenshot and HTML) goes to target/browser-failures for the reader
	private <T> T waitFor(java.util.function.Supplier<T> wait) {
		try {
			return wait.get();
		}
		catch (org.openqa.selenium.TimeoutException ex) {
			try {
				Path dir = Path.of(System.getProperty("agentauth.failures", "target/browser-failures"));
				Files.createDirectories(dir);
				String name = "timeout-" + System.currentTimeMillis();
				Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), dir.resolve(name + ".png"),
						StandardCopyOption.REPLACE_EXISTING);
				Files.writeString(dir.resolve(name + ".html"), this.driver.getCurrentUrl() + "\n"
						+ this.driver.getPageSource());
			}
			catch (IOException | RuntimeException ignored) {
				// the timeout is what matters
			}
			throw ex;
		}
	}

	public void click(String testId) {
		waitFor(() -> this.wait
			.until(ExpectedConditions.elementToBeClickable(By.cssSelector("[data-testid='" + testId + "']")))).click();
	}

	/** Clicks the button a user would pick by its name (its text), wherever the page shows it. */
	public void clickButton(String name) {
		waitFor(() -> this.wait.until(ExpectedConditions
			.elementToBeClickable(By.xpath("//button[normalize-space()=" + xpathLiteral(name) + "]")))).click();
	}

	/** The page's one empty state (Keycloak's ListEmptyState), once it is shown. */
	public String emptyState() {
		return testId("empty-state").getText();
	}

	/**
	 * The newest of Keycloak's alerts (toasts, newest first). The page has two alert groups (Keycloak's console and
	 * the Agents pages each have one); this is the first one found.
	 */
	public String lastAlert() {
		return testId("last-alert").getText();
	}

	/** Closes Keycloak's alerts (toasts at the top right), which may lie over what a test clicks next. */
	public void closeAlerts() {
		script("document.querySelectorAll(\"[data-testid='global-alerts'] button[aria-label^='Close']\")"
				+ ".forEach((button) => button.click()); return null;");
	}

	static String xpathLiteral(String text) {
		return text.contains("'") ? "\"" + text + "\"" : "'" + text + "'";
	}

	public void type(String testId, String text) {
		WebElement field = testId(testId);
		field.clear();
		field.sendKeys(text);
	}

	/** Types {@code text} into a PatternFly search input (the test id is on its wrapper) and presses Enter. */
	public void search(String testId, String text) {
		WebElement wrapper = testId(testId);
		WebElement field = "input".equals(wrapper.getTagName()) ? wrapper
				: wrapper.findElement(By.tagName("input"));
		field.clear();
		field.sendKeys(text, Keys.ENTER);
	}

	/** Sets a textarea's value the way React sees it (sendKeys of a long JWK is slow and may auto-indent). */
	public void paste(String testId, String text) {
		WebElement field = testId(testId);
		((JavascriptExecutor) this.driver).executeScript(
				"const setter = Object.getOwnPropertyDescriptor(HTMLTextAreaElement.prototype, 'value').set;"
						+ "setter.call(arguments[0], arguments[1]);"
						+ "arguments[0].dispatchEvent(new Event('input', { bubbles: true }));",
				field, text);
	}

	public void until(String description, java.util.function.Supplier<Boolean> condition) {
		waitFor(() -> this.wait.withMessage(description).until((driver) -> condition.get()));
	}

	public boolean present(String testId) {
		return !all(testId).isEmpty();
	}

	/** Saves a PNG of the viewport under the screenshots directory (target/screenshots unless told otherwise). */
	public void screenshot(String name) {
		String dir = System.getProperty("agentauth.screenshots");
		if (dir == null || dir.isBlank()) {
			return;
		}
		try {
			Path target = Path.of(dir).resolve(name + ".png");
			Files.createDirectories(target.getParent());
			Files.copy(this.driver.getScreenshotAs(OutputType.FILE).toPath(), target,
					StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public void resize(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	public Object script(String javascript) {
		return ((JavascriptExecutor) this.driver).executeScript(javascript);
	}

	public String pageSource() {
		return this.driver.getPageSource();
	}

	/**
	 * The heading of the console page being shown, once it is rendered (a new one, when the previous page had
	 * {@code previousHeading}), or {@code ERROR <page text>} when the console shows its error page.
	 */
	public String heading(String previousHeading) {
		Instant deadline = Instant.now().plus(WAIT);
		List<String> headings = List.of();
		while (Instant.now().isBefore(deadline)) {
			if (errorShown()) {
				String body = String.valueOf(this.script("return document.body.innerText"));
				return "ERROR " + body.replaceAll("\\s+", " ").strip();
			}
			headings = headings();
			if (!headings.isEmpty() && !headings.get(0).equals(previousHeading)) {
				return headings.get(0);
			}
			sleep();
		}
		// a page with the previous page's heading, or none
		return headings.isEmpty() ? "(no heading)" : headings.get(0);
	}

	private List<String> headings() {
		List<String> texts = new ArrayList<>();
		for (WebElement heading : this.all(By.cssSelector("h1, [data-testid='page-heading']"))) {
			try {
				String text = heading.getText().strip();
				if (heading.isDisplayed() && !text.isEmpty()) {
					texts.add(text);
				}
			}
			catch (StaleElementReferenceException ex) {
				// re-rendered while read: the next poll reads it
			}
		}
		return texts;
	}

	/** Whether the page is React Router's error page (Keycloak's consoles have none of their own). */
	public boolean errorShown() {
		return this.pageSource().contains("Unexpected Application Error");
	}

	private static void sleep() {
		try {
			Thread.sleep(200);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((path) -> path.toFile().delete());
			}
			catch (IOException ex) {
				// a leftover temp profile is harmless
			}
		}
	}

}
